// The More menu (a <details> disclosure, which works without this): Escape closes it and gives focus back to its
// button, and a tap or click outside it closes it, as people expect of a menu.
(function () {
  var more = document.getElementById('more-menu');
  if (!more) {
    return;
  }

  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && more.open) {
      more.open = false;
      more.querySelector('summary').focus();
    }
  });
  document.addEventListener('click', function (e) {
    if (more.open && !more.contains(e.target)) {
      more.open = false;
    }
  });
})();
