// The log forms' colleague field (issue 35): the chips and the list never both say someone, and a large directory is
// found by typing (the server searches it; without scripts the "Search it" link does the same).
(function () {
  if (window.allyshipColleaguePicker) {
    return; // the week page includes this once per form
  }

  window.allyshipColleaguePicker = true;
  document.querySelectorAll('[data-colleague-picker]').forEach(function (field) {
    var select = field.querySelector('select');
    var chips = field.querySelectorAll('input[type=radio]');
    chips.forEach(function (chip) {
      chip.addEventListener('change', function () {
        if (chip.checked) {
          select.value = '';
        }
      });
    });
    select.addEventListener('change', function () {
      if (select.value) {
        chips.forEach(function (chip) { chip.checked = false; });
      }
    });

    var find = field.querySelector('[data-colleague-find]');
    if (!find) {
      return;
    }

    var matches = select.querySelector('[data-colleague-matches]');
    var link = field.querySelector('[data-colleague-search-link]');
    var status = document.createElement('p');
    status.className = 'small text-muted mb-1';
    status.setAttribute('role', 'status');
    find.insertAdjacentElement('afterend', status);
    find.classList.remove('d-none');
    if (link) {
      link.classList.add('d-none');
    }

    var timer = null;
    var asked = 0;
    find.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = find.value.trim();
        if (q.length < 2) {
          status.textContent = '';
          return;
        }

        var ask = ++asked;
        fetch('/log/' + find.dataset.colleagueFind + '?handler=find&q=' + encodeURIComponent(q), { credentials: 'same-origin' })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (found) {
            if (ask !== asked) {
              return; // a later keystroke's answer wins
            }

            matches.label = 'Matches for “' + q + '”';
            matches.replaceChildren.apply(matches, found.map(function (c) {
              var option = document.createElement('option');
              option.value = c.id;
              option.textContent = c.label;
              return option;
            }));
            if (found.length > 0) {
              select.value = String(found[0].id);
              chips.forEach(function (chip) { chip.checked = false; });
            }

            status.textContent = found.length === 0 ? 'No one in the directory matches “' + q + '”.'
              : found.length === 1 ? '1 match, chosen in the list below.' : found.length + ' matches: the first is chosen in the list below.';
          })
          .catch(function () { status.textContent = 'The directory could not be searched just now. Try the “Search it” page.'; });
      }, 200);
    });
  });
})();
