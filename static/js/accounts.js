// "Gửi lại mã": keep the button disabled while the server's cooldown runs, and count down.
// The server refuses early resends anyway; this only saves the user a refused click.
(function () {
  "use strict";
  document.querySelectorAll("form[data-resend-wait]").forEach(function (form) {
    var wait = parseInt(form.getAttribute("data-resend-wait"), 10) || 0;
    var button = form.querySelector("[data-resend-button]");
    var label = form.querySelector("[data-resend-countdown]");
    if (!button || !label || wait <= 0) return;
    var template = label.textContent.replace(String(wait), "{s}");
    var ready = label.getAttribute("data-ready-text") || "";
    button.disabled = true;
    var timer = window.setInterval(function () {
      wait -= 1;
      if (wait <= 0) {
        window.clearInterval(timer);
        button.disabled = false;
        label.textContent = ready;
        return;
      }
      label.textContent = template.replace("{s}", String(wait));
    }, 1000);
  });
})();
