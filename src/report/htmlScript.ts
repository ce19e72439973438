/**
 * The HTML report's script, inlined in the page. It reads each violation's step data (a JSON
 * block in its section: per step the SVG ids of the active states and of the arrows the step
 * took) and, when the slider or the prev/next buttons move, toggles classes by element id:
 * `active` on the states active after step k, `taken` on arrows taken at steps up to k,
 * `current` on those of step k, plus the current row of the change table and message of the
 * sequence diagram. Nothing is re-rendered. It also marks never-fired transitions (`unfired`)
 * and drives the zoom buttons. Plain ES2017, no modules, no network.
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.remove('nojs');
  root.classList.add('js');

  function readJson(el, fallback) {
    try { return el ? JSON.parse(el.textContent) : fallback; } catch (e) { return fallback; }
  }

  /** Elements by id inside one container (ids repeat across the charts of several violations). */
  function indexIds(container) {
    var map = new Map();
    if (!container) return map;
    container.querySelectorAll('[id]').forEach(function (el) {
      var list = map.get(el.id);
      if (list) list.push(el); else map.set(el.id, [el]);
    });
    return map;
  }

  function each(map, ids, fn) {
    (ids || []).forEach(function (id) { (map.get(id) || []).forEach(fn); });
  }

  var unfired = readJson(document.getElementById('unfired-transitions'), []);
  document.querySelectorAll('.chart').forEach(function (chart) {
    each(indexIds(chart), unfired, function (el) { el.classList.add('unfired'); });
  });

  function setupZoom(figure, controls) {
    var svg = figure && figure.querySelector('svg');
    if (!svg || !controls) return;
    var natural = svg.getBoundingClientRect().width || 800;
    var zoom = 1;
    var label = controls.querySelector('.zoom-level');
    function apply(fit) {
      figure.classList.toggle('fit', fit);
      svg.style.width = fit ? '' : Math.round(natural * zoom) + 'px';
      svg.style.height = fit ? '' : 'auto';
      if (label) label.textContent = fit ? 'fit' : Math.round(zoom * 100) + '%';
    }
    controls.querySelectorAll('[data-zoom]').forEach(function (button) {
      button.addEventListener('click', function () {
        var z = button.getAttribute('data-zoom');
        if (z === 'fit') return apply(true);
        zoom = z === 'in' ? Math.min(zoom * 1.25, 4) : z === 'out' ? Math.max(zoom / 1.25, 0.2) : 1;
        apply(false);
      });
    });
  }

  /** Scrolls the figure (not the page) so that \`el\` is in view. */
  function reveal(figure, el) {
    if (!figure || !el) return;
    var box = figure.getBoundingClientRect();
    var r = el.getBoundingClientRect();
    if (r.left < box.left || r.right > box.right) figure.scrollLeft += (r.left + r.right) / 2 - (box.left + box.right) / 2;
    if (r.top < box.top || r.bottom > box.bottom) figure.scrollTop += (r.top + r.bottom) / 2 - (box.top + box.bottom) / 2;
  }

  document.querySelectorAll('section.violation').forEach(function (section) {
    var data = readJson(section.querySelector('script.trace-data'), { steps: [], labels: [] });
    var last = data.labels.length - 1;
    var figure = section.querySelector('.figure.chart');
    var ids = indexIds(figure);
    var slider = section.querySelector('input.step');
    var label = section.querySelector('.step-label');
    var prev = section.querySelector('button.prev');
    var next = section.querySelector('button.next');
    var marked = [];

    function mark(el, cls) {
      el.classList.add(cls);
      marked.push([el, cls]);
    }

    function show(k) {
      k = Math.max(0, Math.min(last, k | 0));
      marked.forEach(function (m) { m[0].classList.remove(m[1]); });
      marked = [];
      if (figure) {
        figure.querySelectorAll('.active, .taken, .current').forEach(function (el) {
          el.classList.remove('active', 'taken', 'current');
        });
        var step = data.steps[k] || { active: [], taken: [] };
        each(ids, step.active, function (el) { mark(el, 'active'); });
        for (var j = 1; j <= k; j++) each(ids, (data.steps[j] || {}).taken, function (el) { mark(el, 'taken'); });
        var current = null;
        each(ids, step.taken, function (el) { mark(el, 'current'); current = current || el; });
        reveal(figure, current);
      }
      section.querySelectorAll('[data-step]').forEach(function (el) {
        var s = Number(el.getAttribute('data-step'));
        el.classList.toggle('current', s === k);
        el.classList.toggle('future', s > k);
      });
      if (slider) slider.value = String(k);
      if (label) label.textContent = data.labels[k] || '';
      if (prev) prev.disabled = k <= 0;
      if (next) next.disabled = k >= last;
      section.setAttribute('data-current-step', String(k));
    }

    if (slider) slider.addEventListener('input', function () { show(Number(slider.value)); });
    if (prev) prev.addEventListener('click', function () { show(Number(slider.value) - 1); });
    if (next) next.addEventListener('click', function () { show(Number(slider.value) + 1); });
    section.querySelectorAll('[data-step]').forEach(function (el) {
      el.addEventListener('click', function () { show(Number(el.getAttribute('data-step'))); });
    });
    setupZoom(figure, section.querySelector('.zoom'));
    show(last);
  });

  document.querySelectorAll('section.chart-only').forEach(function (section) {
    setupZoom(section.querySelector('.figure.chart'), section.querySelector('.zoom'));
  });
})();
`;
