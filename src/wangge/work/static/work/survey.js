// The survey form: what is typed is kept on the phone (localStorage) as it is typed,
// restored when the page is opened again (after a failed submit, or with no network),
// and cleared once the server has recorded the survey (the page after it says so with
// data-clear). The phone's position is taken just before sending, as at check-in;
// without a fix the form is sent anyway and the server refuses it with the reason.
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) {
    return;
  }
  var key = form.dataset.store || "wangge.work.survey";
  var status = form.querySelector(".gps-status");
  var skip = { csrfmiddlewaretoken: 1, lat: 1, lon: 1, duplicate: 1, duplicate_of: 1 };

  function say(which) {
    if (status && status.dataset[which]) {
      status.textContent = status.dataset[which];
    }
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      // a file cannot be kept nor put back: the photo is chosen again after a failure
      return el.name && !skip[el.name] && el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }

  function save() {
    var data = {};
    fields().forEach(function (el) {
      data[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    try {
      localStorage.setItem(key, JSON.stringify(data));
    } catch (e) {
      // private mode or full storage: the form still works, it just does not keep
    }
  }

  function restore() {
    var text = null;
    try {
      text = localStorage.getItem(key);
    } catch (e) {
      return;
    }
    if (!text) {
      return;
    }
    var data = {};
    try {
      data = JSON.parse(text) || {};
    } catch (e) {
      return;
    }
    fields().forEach(function (el) {
      if (!(el.name in data)) {
        return;
      }
      if (el.type === "checkbox") {
        el.checked = !!data[el.name];
      } else if (!el.value) {
        el.value = data[el.name];
      }
    });
  }

  if (form.dataset.clear === "1") {
    try {
      localStorage.removeItem(key);
    } catch (e) {
      // nothing kept
    }
  } else if (form.dataset.bound !== "1") {
    restore(); // the server's own answer (errors) already shows what was sent
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  form.addEventListener("submit", function (event) {
    save();
    if (form.dataset.located === "1") {
      return;
    }
    event.preventDefault();
    if (navigator.onLine === false) {
      say("offline");
      return;
    }
    var submitter = event.submitter;
    var send = function () {
      if (submitter && submitter.name) {
        var extra = document.createElement("input");
        extra.type = "hidden";
        extra.name = submitter.name;
        extra.value = submitter.value;
        form.appendChild(extra);
      }
      form.dataset.located = "1";
      form.submit();
    };
    var fill = function (lat, lon) {
      form.querySelector("input[name=lat]").value = lat;
      form.querySelector("input[name=lon]").value = lon;
    };
    if (!navigator.geolocation) {
      say("unsupported");
      fill("", "");
      send();
      return;
    }
    say("waiting");
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        fill(pos.coords.latitude.toFixed(6), pos.coords.longitude.toFixed(6));
        say("found");
        send();
      },
      function () {
        say("denied");
        fill("", "");
        send();
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
