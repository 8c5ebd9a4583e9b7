// Check-in and check-out take the phone's position (the browser's geolocation API)
// just before the form is sent. Without a fix the form is sent anyway and the server
// answers with the reason (no GPS position), so nothing is recorded without a point.
(function () {
  "use strict";
  var status = document.querySelector(".gps-status");

  function say(key) {
    if (status && status.dataset[key]) {
      status.textContent = status.dataset[key];
    }
  }

  function fill(form, lat, lon) {
    form.querySelector("input[name=lat]").value = lat;
    form.querySelector("input[name=lon]").value = lon;
  }

  document.querySelectorAll("form.gps").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.located === "1") {
        return; // the position is in: let it go
      }
      event.preventDefault();
      var send = function () {
        form.dataset.located = "1";
        form.submit();
      };
      if (!navigator.geolocation) {
        say("unsupported");
        fill(form, "", "");
        send();
        return;
      }
      say("waiting");
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          fill(form, pos.coords.latitude.toFixed(6), pos.coords.longitude.toFixed(6));
          say("found");
          send();
        },
        function () {
          say("denied");
          fill(form, "", "");
          send();
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  });
})();
