// The leadership summary's Print button: the browser's own print dialog (print, or save as PDF).
(function () {
    "use strict";
    var button = document.getElementById("print-now");
    if (button) {
        button.addEventListener("click", function () { window.print(); });
    }
})();
