// Report job page: poll the job's status and reload when it is finished (the page works without JS: it
// refreshes itself through a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") { return; }
  var url = box.dataset.statusUrl;
  var statusEl = document.getElementById("job-status");
  var progressEl = document.getElementById("job-progress");
  var delay = 1500;

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (job) {
        if (statusEl) {
          statusEl.textContent = job.status_label;
          statusEl.className = "badge status-" + job.status;
        }
        if (progressEl) { progressEl.value = job.progress; progressEl.textContent = job.progress + " %"; }
        if (job.finished) { window.location.reload(); return; }
        delay = Math.min(delay * 1.3, 10000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, delay);
})();
