// Draws the dashboard's and the quarterly report's charts from the accessible tables beside them: the tables are the
// data, the charts an enhancement.
(function () {
    "use strict";

    // Reads each row's data-* values and draws the chart; nothing happens without the canvas, Chart.js or rows.
    function chartFromTable(canvasId, tableId, config) {
        var canvas = document.getElementById(canvasId);
        var rows = document.querySelectorAll("#" + tableId + " tbody tr");
        if (!canvas || !window.Chart || rows.length === 0) {
            return;
        }

        function draw() {
            if (canvas.dataset.rendered) {
                return;
            }

            var data = Array.prototype.map.call(rows, function (row) { return row.dataset; });
            canvas.dataset.rendered = "true";
            // The chart's words come from the page, in the reader's language (data-series, data-axis…), English if absent.
            var chart = config(data, function (name, english) { return canvas.dataset[name] || english; });
            chart.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, chart.options);
            new window.Chart(canvas, chart);
        }

        // Each chart is drawn when it comes near the screen, each in its own task: a phone spends its first second on
        // the page and its numbers (the tables), not on charts below the fold.
        if (!("IntersectionObserver" in window)) {
            window.setTimeout(draw, 0);
            return;
        }

        var observer = new IntersectionObserver(function (entries) {
            if (entries.some(function (e) { return e.isIntersecting; })) {
                observer.disconnect();
                draw();
            }
        }, { rootMargin: "200px" });
        observer.observe(canvas);
        // Printing (the report's summary for leadership) draws every chart first, on the screen or not.
        window.addEventListener("beforeprint", draw);
        if (document.body.classList.contains("print-summary")) {
            window.setTimeout(draw, 0);
        }
    }


    function number(value) {
        return value === "" || value === undefined ? null : parseFloat(value);
    }

    // One axis per chart (issue 36): completion in one, minutes in the other, read from the same weeks table.
    chartFromTable("completion-chart", "weeks-table", function (rows, say) {
        return {
            type: "bar",
            data: {
                labels: rows.map(function (r) { return r.week; }),
                datasets: [{ label: say("series", "Completion %"), data: rows.map(function (r) { return number(r.completion); }), backgroundColor: "#5a2a82" }]
            },
            options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 100, title: { display: true, text: say("axis", "% of mentors with a complete week") } } } }
        };
    });

    chartFromTable("minutes-chart", "weeks-table", function (rows, say) {
        return {
            type: "line",
            data: {
                labels: rows.map(function (r) { return r.week; }),
                datasets: [{ label: say("series", "Minutes"), data: rows.map(function (r) { return number(r.minutes); }), borderColor: "#0f6e6a", backgroundColor: "#0f6e6a", tension: 0.3 }]
            },
            options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, title: { display: true, text: say("axis", "minutes logged") } } } }
        };
    });

    // The pulse: mentors' agreement against colleagues', per quarter.
    chartFromTable("gap-chart", "gap-table", function (rows, say) {
        return {
            type: "bar",
            data: {
                labels: rows.map(function (r) { return r.quarter; }),
                datasets: [
                    { label: say("series", "Mentors who agree %"), data: rows.map(function (r) { return number(r.mentors); }), backgroundColor: "#5a2a82" },
                    { label: say("seriesOther", "Colleagues who agree %"), data: rows.map(function (r) { return number(r.colleagues); }), backgroundColor: "#0f6e6a" }
                ]
            },
            options: { scales: { y: { min: 0, max: 100, title: { display: true, text: say("axis", "% agree") } } } }
        };
    });

    // The spread: colleagues reached by the number of sponsor notes each received.
    // The quarterly report: completion per week, and minutes by level of allyship.
    chartFromTable("report-trend-chart", "trend-table", function (rows, say) {
        return {
            type: "bar",
            data: {
                labels: rows.map(function (r) { return r.week; }),
                datasets: [{ label: say("series", "Completion %"), data: rows.map(function (r) { return number(r.completion); }), backgroundColor: "#5a2a82" }]
            },
            options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 100, title: { display: true, text: say("axis", "% complete") } } } }
        };
    });

    chartFromTable("levels-chart", "levels-table", function (rows, say) {
        return {
            type: "bar",
            data: {
                labels: rows.map(function (r) { return r.level; }),
                datasets: [{ label: say("series", "Minutes"), data: rows.map(function (r) { return number(r.minutes); }), backgroundColor: "#0f6e6a" }]
            },
            options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { min: 0, title: { display: true, text: say("axis", "minutes") } } } }
        };
    });

    chartFromTable("spread-chart", "spread-table", function (rows, say) {
        return {
            type: "bar",
            data: {
                labels: rows.map(function (r) { return r.bucket; }),
                datasets: [{ label: say("series", "Colleagues"), data: rows.map(function (r) { return number(r.colleagues); }), backgroundColor: "#5a2a82" }]
            },
            options: {
                scales: {
                    x: { title: { display: true, text: say("axisX", "sponsor notes received") } },
                    y: { min: 0, title: { display: true, text: say("axis", "colleagues") }, ticks: { precision: 0 } }
                }
            }
        };
    });
})();
