/* Campaigns: live SMS length and recipient count while composing; live progress while sending.
 * The length rules mirror smedx_portal/sms/encoding.py (measure, strip_diacritics) exactly:
 * GSM-7 160 characters in one part, 153 per part when split; UCS-2 (any Vietnamese diacritic) 70 / 67. */
(function () {
  "use strict";

  var GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM7_EXTENDED = "^{}\\[~]|€\f";

  function isGsm7(text) {
    for (var ch of text) {
      if (GSM7_BASIC.indexOf(ch) === -1 && GSM7_EXTENDED.indexOf(ch) === -1) { return false; }
    }
    return true;
  }

  function measure(text) {
    var units, single, multi, encoding;
    if (isGsm7(text)) {
      units = 0;
      for (var ch of text) { units += GSM7_EXTENDED.indexOf(ch) === -1 ? 1 : 2; }
      single = 160; multi = 153; encoding = "GSM-7";
    } else {
      units = text.length; // UTF-16 code units, as UCS-2 counts them
      single = 70; multi = 67; encoding = "UCS-2";
    }
    if (units <= single) { return { encoding: encoding, units: units, parts: units ? 1 : 0, perPart: single }; }
    return { encoding: encoding, units: units, parts: Math.ceil(units / multi), perPart: multi };
  }

  function stripDiacritics(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{Mn}/gu, "");
  }

  function formatNumber(n) { return Number(n).toLocaleString("vi-VN"); }

  function debounce(fn, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  /* --- compose page ------------------------------------------------------------------------------ */
  function setupCompose(form) {
    var textarea = form.querySelector("[data-sms-text]");
    var kind = form.querySelector("[name=kind]");
    var strip = form.querySelector("[name=strip_accents]");
    var lengthOut = document.getElementById("sms-length");
    var previewOut = document.getElementById("sms-preview");
    var countOut = document.getElementById("recipient-count");
    var approvalNote = document.getElementById("approval-note");
    var province = form.querySelector("select[name=province]");
    var ward = form.querySelector("select[name=ward]");
    var messageFields = ["csrfmiddlewaretoken", "title", "kind", "text", "strip_accents"];

    function render() {
      var body = textarea.value.replace(/\r\n/g, "\n").trim();
      var prefix = kind && kind.value === "promo" ? form.dataset.promoPrefix : "";
      var message = prefix + body + "\n" + form.dataset.footer;
      if (strip && strip.checked) { message = stripDiacritics(message); }
      var m = measure(message);
      previewOut.textContent = message;
      lengthOut.textContent = formatNumber(m.units) + " " + lengthOut.dataset.labelChars + " · " +
        m.parts + " " + lengthOut.dataset.labelParts + " · " + m.encoding;
      lengthOut.dataset.parts = String(m.parts);
      lengthOut.classList.toggle("is-long", m.parts > 2);
    }

    function segmentQuery() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (messageFields.indexOf(name) === -1) { params.append(name, value); }
      });
      return params.toString();
    }

    var refreshCount = debounce(function () {
      fetch(form.dataset.countUrl + "?" + segmentQuery(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (typeof data.count === "number") {
            countOut.textContent = formatNumber(data.count);
            countOut.dataset.count = String(data.count);
            if (approvalNote) { approvalNote.hidden = !data.needs_approval; }
          } else {
            countOut.textContent = "—";
          }
        })
        .catch(function () { countOut.textContent = "—"; });
    }, 300);

    function reloadWards() {
      if (!province || !ward) { return; }
      var first = ward.options[0];
      ward.innerHTML = "";
      ward.appendChild(first);
      if (!province.value) { refreshCount(); return; }
      fetch(form.dataset.wardsUrl + "?province=" + encodeURIComponent(province.value), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.wards.forEach(function (pair) {
            var option = document.createElement("option");
            option.value = pair[0];
            option.textContent = pair[1];
            ward.appendChild(option);
          });
          refreshCount();
        });
    }

    [textarea, kind, strip].forEach(function (el) {
      if (el) { el.addEventListener("input", render); el.addEventListener("change", render); }
    });
    form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (messageFields.indexOf(name) !== -1) { return; }
      if (name === "province") { reloadWards(); } else { refreshCount(); }
    });
    form.addEventListener("input", function (event) {
      if (event.target.name === "surveyed_months_ago") { refreshCount(); }
    });
    render();
    refreshCount();
  }

  /* --- campaign page: progress while sending ----------------------------------------------------- */
  function setupProgress(section) {
    var status = document.getElementById("campaign-status");
    var bar = document.getElementById("progress-bar");
    var initialStatus = section.dataset.status;

    function poll() {
      fetch(section.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          section.querySelectorAll("[data-field]").forEach(function (el) {
            var value = data[el.dataset.field];
            if (value !== undefined) { el.textContent = formatNumber(value); }
          });
          bar.max = Math.max(data.total, 1);
          bar.value = data.processed;
          if (status) { status.textContent = data.status_label; status.className = "badge status-" + data.status; }
          if (data.finished) {
            section.dataset.finished = "1";
            if (data.status !== initialStatus) { window.location.reload(); }
            return;
          }
          setTimeout(poll, 2000);
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    if (section.dataset.finished !== "1") { setTimeout(poll, 1000); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("campaign-form");
    if (form) { setupCompose(form); }
    var progress = document.getElementById("progress");
    if (progress) { setupProgress(progress); }
  });

  window.SmedxSms = { measure: measure, stripDiacritics: stripDiacritics };
})();
