// The score chart: one row per metric, a point at its 0–10 score. Hovering, focusing or
// clicking a point calls onSelect(score); arrow keys move between points.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const LEFT = 170;
const RIGHT = 600;
const TOP = 34;
const ROW = 46;

function svg(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function x(value) {
  return LEFT + ((RIGHT - LEFT) * value) / 10;
}

/** Builds the chart into container; colourOf(metric) gives the colour class ("c0"…). */
export function renderChart(container, scores, colourOf, onSelect) {
  const height = TOP + ROW * scores.length + 8;
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: "group",
    "aria-labelledby": "chart-title",
    class: "chart-svg",
  });
  const title = svg("title", { id: "chart-title" });
  title.textContent = "Metric scores, from 0 (worst) to 10 (best)";
  root.append(title);

  for (let tick = 0; tick <= 10; tick += 2) {
    root.append(svg("line", {
      x1: x(tick), x2: x(tick), y1: TOP - 8, y2: height - 8, class: "grid", "aria-hidden": "true",
    }));
    const label = svg("text", { x: x(tick), y: TOP - 14, class: "tick", "aria-hidden": "true" });
    label.textContent = String(tick);
    root.append(label);
  }

  const points = [];
  scores.forEach((score, index) => {
    const y = TOP + ROW * index + ROW / 2;
    const name = svg("text", { x: LEFT - 14, y: y + 5, class: "row-label", "aria-hidden": "true" });
    name.textContent = score.label;
    root.append(name, svg("line", {
      x1: LEFT, x2: RIGHT, y1: y, y2: y, class: "track", "aria-hidden": "true",
    }));
    const ok = score.value !== null;
    const colour = colourOf(score.metric);
    if (ok) {
      root.append(svg("line", {
        x1: LEFT, x2: x(score.value), y1: y, y2: y, class: `stem ${colour}`, "aria-hidden": "true",
      }));
    }
    const point = svg("circle", {
      cx: ok ? x(score.value) : LEFT,
      cy: y,
      r: 10,
      tabindex: 0,
      role: "button",
      class: ok ? `point ${colour}` : "point failed",
      "data-metric": score.metric,
      "aria-controls": "metric-details",
      "aria-label": ok
        ? `${score.label}: ${score.value.toFixed(1)} out of 10. Show its explanation and evidence.`
        : `${score.label}: not scored. Show why.`,
    });
    const valueText = svg("text", {
      x: ok ? x(score.value) : LEFT + 16, y: y - 14, class: ok ? "value" : "value start",
      "aria-hidden": "true",
    });
    valueText.textContent = ok ? score.value.toFixed(1) : "not scored";
    root.append(point, valueText);
    points.push(point);

    const select = () => {
      for (const other of points) other.classList.toggle("selected", other === point);
      onSelect(score);
    };
    point.addEventListener("mouseenter", select);
    point.addEventListener("focus", select);
    point.addEventListener("click", select);
    point.addEventListener("keydown", (event) => {
      const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      points[(index + step + points.length) % points.length].focus();
    });
  });
  container.replaceChildren(root);
  return points;
}
