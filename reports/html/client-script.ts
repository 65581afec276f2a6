/**
 * The script a report page runs to draw its charts with uPlot (inlined before it). It reads two
 * JSON blocks of the page: `aurora-sim-data` (the results, ARCHITECTURE.md §4.8) and
 * `aurora-sim-charts` (the chart plan `run-charts.ts` or `sweep-charts.ts` made from them:
 * which series go in which chart, with labels, colours and scale factors), so the drawing code
 * makes no decision about the data. Three kinds of chart:
 *
 * - `time`: lines on the run's time axis, one point per bucket at the bucket's end, fault
 *   windows shaded behind the grid; every time chart shares the cursor.
 * - `lanes`: boxes on the same time axis, one row per lane (faults, write-unavailable windows,
 *   recovery phases).
 * - `sweep`: a metric against the first grid axis, one line per value of the other axes, each
 *   point with its 95% interval as a bar; lines are set apart sideways so bars do not hide
 *   each other.
 *
 * When every chart is drawn the page sets `document.body.dataset.drawn` and leaves what it drew
 * in `window.auroraReport.charts` (per chart: points drawn, shaded spans and boxes in canvas
 * pixels, the plot area), which the browser test reads. Plain ES2017 in a string: the page has
 * no build step, and a template literal here would interpolate, so the code uses none.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  function block(id) {
    var el = document.getElementById(id);
    return el === null ? null : JSON.parse(el.textContent);
  }
  var data = block('aurora-sim-data');
  var plan = block('aurora-sim-charts');
  var report = { charts: [] };
  window.auroraReport = report;
  if (plan === null) return;
  var SYNC = 'aurora-sim';
  // uPlot's room for an axis title (its default labelSize): lanes have none, and take it as
  // label room so that every time axis starts at the same x.
  var AXIS_LABEL = 30;
  var drawn = [];

  function compact(v) {
    if (v == null) return '-';
    var a = Math.abs(v);
    if (a >= 1e9) return trim(v / 1e9) + 'G';
    if (a >= 1e6) return trim(v / 1e6) + 'M';
    if (a >= 1e4) return trim(v / 1e3) + 'k';
    return trim(v);
  }
  function trim(v) {
    var s = Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2);
    return s.indexOf('.') < 0 ? s : s.replace(/0+$/, '').replace(/\\.$/, '');
  }
  function tick(v) {
    return v == null ? '' : compact(v);
  }
  function secondsLabel(v) {
    return v == null ? '-' : trim(v) + ' s';
  }
  function chartWidth(el) {
    return Math.max(320, Math.min(1400, el.clientWidth || 960));
  }
  function record(entry, u) {
    var b = u.bbox;
    entry.plot = { left: b.left, top: b.top, width: b.width, height: b.height };
  }
  function shade(entry) {
    return function (u) {
      var ctx = u.ctx;
      var b = u.bbox;
      entry.shaded = [];
      ctx.save();
      ctx.fillStyle = plan.shadeColor;
      (plan.shade || []).forEach(function (s) {
        var x0 = Math.max(b.left, Math.round(u.valToPos(s[0], 'x', true)));
        var x1 = Math.min(b.left + b.width, Math.round(u.valToPos(s[1], 'x', true)));
        if (x1 < x0 + 2) x1 = x0 + 2;
        ctx.fillRect(x0, b.top, x1 - x0, b.height);
        entry.shaded.push([x0, x1]);
      });
      ctx.restore();
    };
  }
  function timeXs() {
    var t = data.timeline;
    var xs = new Array(t.buckets);
    for (var i = 0; i < t.buckets; i++) xs[i] = Math.min(t.durationUs, (i + 1) * t.bucketUs) / 1e6;
    return xs;
  }
  var byName = {};
  if (data !== null && data.timeline) data.timeline.series.forEach(function (s) { byName[s.name] = s; });

  function timeChart(spec, el) {
    var entry = { id: spec.id, kind: 'time', points: 0, shaded: [], colors: [] };
    var cols = [timeXs()];
    var series = [{ label: 'time', value: function (u, v) { return secondsLabel(v); } }];
    spec.series.forEach(function (s) {
      var source = byName[s.name];
      var values = source.values.map(function (v) {
        if (v == null) return null;
        var y = v * (s.factor || 1);
        return spec.log && y <= 0 ? null : y;
      });
      values.forEach(function (v) { if (v != null) entry.points++; });
      cols.push(values);
      entry.colors.push(s.color);
      series.push({
        label: s.label, stroke: s.color, width: s.width || 1.5, dash: s.dash || undefined,
        spanGaps: false, points: { show: false }, value: function (u, v) { return compact(v); },
      });
    });
    var y = spec.log
      ? { distr: 3 }
      : { range: function (u, min, max) { return [Math.min(0, min == null ? 0 : min), max == null || max <= 0 ? 1 : max * 1.05]; } };
    var opts = {
      width: chartWidth(el), height: spec.height,
      legend: { show: spec.liveLegend },
      cursor: { sync: { key: SYNC }, points: { show: false } },
      scales: { x: { time: false, range: [0, plan.durationS] }, y: y },
      axes: [
        { values: function (u, splits) { return splits.map(secondsLabel); } },
        { label: spec.yLabel, size: plan.axisWidth, values: function (u, splits) { return splits.map(tick); } },
      ],
      series: series,
      hooks: { drawClear: [shade(entry)], draw: [function (u) { record(entry, u); }] },
    };
    return { entry: entry, opts: opts, data: cols };
  }

  function laneChart(spec, el) {
    var lanes = spec.lanes;
    var n = lanes.length;
    var entry = { id: spec.id, kind: 'lanes', points: 0, shaded: [], boxes: [] };
    var row = function (lane) { return n - 1 - lane; };
    var opts = {
      width: chartWidth(el), height: 26 * n + 48,
      legend: { show: false },
      cursor: { sync: { key: SYNC }, points: { show: false }, y: false },
      scales: { x: { time: false, range: [0, plan.durationS] }, y: { auto: false, range: [-0.5, n - 0.5] } },
      axes: [
        { values: function (u, splits) { return splits.map(secondsLabel); } },
        {
          size: plan.axisWidth + AXIS_LABEL, grid: { show: false }, ticks: { show: false },
          splits: function () { return lanes.map(function (_, i) { return i; }); },
          values: function (u, splits) { return splits.map(function (i) { return lanes[n - 1 - i]; }); },
        },
      ],
      series: [{}, { label: 'lanes', paths: function () { return null; }, points: { show: false } }],
      hooks: {
        drawClear: [shade(entry)],
        draw: [function (u) {
          var ctx = u.ctx;
          var b = u.bbox;
          var half = Math.max(3, Math.floor((b.height / n) * 0.32));
          entry.boxes = [];
          ctx.save();
          spec.boxes.forEach(function (box) {
            var x0 = Math.max(b.left, Math.round(u.valToPos(box.from, 'x', true)));
            var x1 = Math.min(b.left + b.width, Math.round(u.valToPos(box.to, 'x', true)));
            if (x1 < x0 + 2) x1 = x0 + 2;
            var yc = Math.round(u.valToPos(row(box.lane), 'y', true));
            ctx.fillStyle = box.color;
            ctx.fillRect(x0, yc - half, x1 - x0, 2 * half);
            entry.boxes.push([x0, x1, yc]);
          });
          ctx.restore();
          entry.points = entry.boxes.length;
          record(entry, u);
        }],
      },
    };
    return { entry: entry, opts: opts, data: [[0, plan.durationS], [null, null]] };
  }

  function sweepChart(spec, el) {
    var k = spec.x.values.length;
    var entry = { id: spec.id, kind: 'sweep', points: 0, shaded: [], colors: [] };
    var xs = spec.x.values.map(function (_, i) { return i; });
    var cols = [xs];
    var lo = spec.y.min;
    var hi = spec.y.max;
    var series = [{ label: spec.x.label, value: function (u, v) { return v == null ? '-' : spec.x.values[v]; } }];
    spec.series.forEach(function (s) {
      cols.push(s.mean);
      entry.colors.push(s.color);
      series.push({ label: s.label, stroke: s.color, paths: function () { return null; }, points: { show: false },
        value: function (u, v) { return compact(v); } });
      s.mean.concat(s.lo, s.hi).forEach(function (v) {
        if (v == null) return;
        if (lo == null || v < lo) lo = v;
        if (hi == null || v > hi) hi = v;
      });
    });
    if (lo == null) { lo = 0; hi = 1; }
    if (hi <= lo) hi = lo + 1;
    // Room above the highest bar; a fixed axis (0 to 1) gets a little on both sides so that
    // points and bar ends on its bounds are drawn whole.
    var pad = (hi - lo) * (spec.y.max == null ? 0.08 : 0.04);
    var bottom = spec.y.min == null ? Math.min(0, lo) : lo - pad;
    var count = spec.series.length;
    var opts = {
      width: chartWidth(el), height: spec.height,
      legend: { show: true },
      cursor: { points: { show: false }, y: false },
      scales: { x: { time: false, range: [-0.5, k - 0.5] }, y: { auto: false, range: [bottom, hi + pad] } },
      axes: [
        { label: spec.x.label, splits: function () { return xs; }, values: function (u, splits) { return splits.map(function (i) { return spec.x.values[i]; }); }, grid: { show: false } },
        { label: spec.y.label, size: plan.axisWidth, values: function (u, splits) { return splits.map(tick); } },
      ],
      series: series,
      hooks: { draw: [function (u) {
        var ctx = u.ctx;
        var b = u.bbox;
        var step = k > 1 ? Math.abs(u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true)) : b.width;
        var dodge = Math.min(10 * devicePixelRatio, (step * 0.5) / Math.max(1, count));
        var r = 3.5 * devicePixelRatio;
        entry.points = 0;
        ctx.save();
        ctx.lineWidth = 1.5 * devicePixelRatio;
        spec.series.forEach(function (s, si) {
          var off = (si - (count - 1) / 2) * dodge;
          var px = function (i) { return u.valToPos(i, 'x', true) + off; };
          var py = function (v) { return u.valToPos(v, 'y', true); };
          ctx.strokeStyle = s.color;
          ctx.fillStyle = s.color;
          ctx.beginPath();
          var open = false;
          s.mean.forEach(function (v, i) {
            if (v == null) { open = false; return; }
            if (open) ctx.lineTo(px(i), py(v)); else ctx.moveTo(px(i), py(v));
            open = true;
          });
          ctx.stroke();
          s.mean.forEach(function (v, i) {
            if (v == null) return;
            var l = s.lo[i];
            var h = s.hi[i];
            if (l != null && h != null) {
              ctx.beginPath();
              ctx.moveTo(px(i), py(l)); ctx.lineTo(px(i), py(h));
              ctx.moveTo(px(i) - r, py(l)); ctx.lineTo(px(i) + r, py(l));
              ctx.moveTo(px(i) - r, py(h)); ctx.lineTo(px(i) + r, py(h));
              ctx.stroke();
            }
            ctx.beginPath();
            ctx.arc(px(i), py(v), r, 0, 2 * Math.PI);
            ctx.fill();
            entry.points++;
          });
        });
        ctx.restore();
        record(entry, u);
      }] },
    };
    return { entry: entry, opts: opts, data: cols };
  }

  var kinds = { time: timeChart, lanes: laneChart, sweep: sweepChart };
  plan.charts.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    var made = kinds[spec.kind](spec, el);
    var chart = new uPlot(made.opts, made.data, el);
    report.charts.push(made.entry);
    drawn.push({ chart: chart, el: el, height: made.opts.height });
  });

  function resize(width) {
    drawn.forEach(function (d) { d.chart.setSize({ width: width === undefined ? chartWidth(d.el) : width, height: d.height }); });
  }
  var pending = 0;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () { resize(); }, 100);
  });
  // Printed pages are narrower than most screens: draw for the page, then back for the screen.
  window.addEventListener('beforeprint', function () { resize(plan.printWidth); });
  window.addEventListener('afterprint', function () { resize(); });
  document.body.dataset.drawn = String(drawn.length);
})();
`;
