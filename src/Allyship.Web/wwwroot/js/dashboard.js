// Draws the completion chart from the accessible table below it: the table is the data, the chart an enhancement.
(function () {
    "use strict";
    var canvas = document.getElementById("completion-chart");
    var rows = document.querySelectorAll("#weeks-table tbody tr");
    if (!canvas || !window.Chart || rows.length === 0) {
        return;
    }

    var labels = [], completion = [], minutes = [];
    rows.forEach(function (row) {
        labels.push(row.dataset.week);
        completion.push(parseFloat(row.dataset.completion));
        minutes.push(parseInt(row.dataset.minutes, 10));
    });

    canvas.dataset.rendered = "true";
    new window.Chart(canvas, {
        type: "bar",
        data: {
            labels: labels,
            datasets: [
                { type: "bar", label: "Completion %", data: completion, backgroundColor: "#5a2a82", yAxisID: "y" },
                { type: "line", label: "Minutes", data: minutes, borderColor: "#0f6e6a", backgroundColor: "#0f6e6a", yAxisID: "y1", tension: 0.3 }
            ]
        },
        options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            scales: {
                y: { min: 0, max: 100, title: { display: true, text: "% complete" } },
                y1: { position: "right", min: 0, grid: { drawOnChartArea: false }, title: { display: true, text: "minutes" } }
            }
        }
    });
})();

// The pulse: mentors' agreement against colleagues', per quarter, from #gap-table (the table is the data).
(function () {
    "use strict";
    var canvas = document.getElementById("gap-chart");
    var rows = document.querySelectorAll("#gap-table tbody tr");
    if (!canvas || !window.Chart || rows.length === 0) {
        return;
    }

    var labels = [], mentors = [], colleagues = [];
    rows.forEach(function (row) {
        labels.push(row.dataset.quarter);
        mentors.push(row.dataset.mentors === "" ? null : parseInt(row.dataset.mentors, 10));
        colleagues.push(row.dataset.colleagues === "" ? null : parseInt(row.dataset.colleagues, 10));
    });

    canvas.dataset.rendered = "true";
    new window.Chart(canvas, {
        type: "bar",
        data: {
            labels: labels,
            datasets: [
                { label: "Mentors who agree %", data: mentors, backgroundColor: "#5a2a82" },
                { label: "Colleagues who agree %", data: colleagues, backgroundColor: "#0f6e6a" }
            ]
        },
        options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            scales: { y: { min: 0, max: 100, title: { display: true, text: "% agree" } } }
        }
    });
})();
