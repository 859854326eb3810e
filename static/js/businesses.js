// Province → ward: when the province changes, load its wards from the JSON endpoint into the ward select.
// Without JavaScript the form has a button that re-renders it with the province's wards (server side).
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-wards-url]");
  var url = script && script.getAttribute("data-wards-url");
  document.documentElement.classList.add("js");
  document.querySelectorAll("select[data-wards-target]").forEach(function (province) {
    var ward = document.getElementById(province.getAttribute("data-wards-target"));
    if (!ward || !url) return;
    var placeholder = ward.options.length ? ward.options[0].textContent : "";
    province.addEventListener("change", function () {
      ward.disabled = true;
      ward.length = 0;
      ward.add(new Option(placeholder, ""));
      if (!province.value) { ward.disabled = false; return; }
      fetch(url + "?province=" + encodeURIComponent(province.value), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { wards: [] }; })
        .then(function (data) {
          data.wards.forEach(function (item) { ward.add(new Option(item.name, item.code)); });
        })
        .finally(function () { ward.disabled = false; });
    });
  });
})();
