// Settings: changing a reminder day or time means choosing your own, so the "use my program's times" box unticks at
// once (the server does the same for a browser without scripts: a change is never dropped in silence).
(function () {
  var box = document.getElementById('use-program-schedule');
  if (!box) {
    return;
  }

  document.querySelectorAll('[name^="Input.Reminders."]').forEach(function (control) {
    if (control.type === 'hidden') {
      return;
    }

    control.addEventListener('change', function () {
      box.checked = false;
    });
  });
})();
