// The article page (ArticlePage): headline, scores chart with details, summary, and the
// text with evidence highlighted. The id in the path is the API's global node id.
import { formatScore, headlineOf, request, siteOf, timeElement } from "./api.js";
import { renderChart } from "./chart.js";
import { segments } from "./offsets.js";

const COLOURS = 6;
const MAX_EVIDENCE_SHOWN = 12;
const $ = (id) => document.getElementById(id);

function show(row, visible) {
  row.hidden = !visible;
}

function details(score, colourOf) {
  const box = $("metric-details");
  const heading = document.createElement("h3");
  const swatch = document.createElement("span");
  swatch.className = `swatch ${colourOf(score.metric)}`;
  swatch.setAttribute("aria-hidden", "true");
  heading.append(swatch, `${score.label}: `,
    score.value === null ? "not scored" : `${score.value.toFixed(1)} / 10`);
  const explanation = document.createElement("p");
  explanation.className = "explanation";
  explanation.textContent = score.explanation;
  box.replaceChildren(heading, explanation);
  if (score.status === "ERROR" && score.error) {
    const error = document.createElement("p");
    error.className = "metric-error";
    error.textContent = `Error: ${score.error}`;
    box.append(error);
  }
  const evidenceHeading = document.createElement("h4");
  evidenceHeading.textContent = "Evidence";
  box.append(evidenceHeading);
  if (!score.evidence.length) {
    const none = document.createElement("p");
    none.className = "help";
    none.textContent = "No passage was singled out for this metric.";
    box.append(none);
  } else {
    const list = document.createElement("ul");
    list.className = "evidence";
    for (const item of score.evidence.slice(0, MAX_EVIDENCE_SHOWN)) {
      const entry = document.createElement("li");
      const quote = document.createElement("q");
      quote.textContent = item.text;
      const label = document.createElement("span");
      label.className = "evidence-label";
      label.textContent = item.label;
      entry.append(quote, " ", label);
      list.append(entry);
    }
    box.append(list);
    if (score.evidence.length > MAX_EVIDENCE_SHOWN) {
      const more = document.createElement("p");
      more.className = "help";
      more.textContent = `…and ${score.evidence.length - MAX_EVIDENCE_SHOWN} more, highlighted in the text.`;
      box.append(more);
    }
  }
  for (const mark of document.querySelectorAll("#article-text mark")) {
    mark.classList.toggle("active", mark.dataset.metrics.split(" ").includes(score.metric));
  }
}

function highlight(text, scores, colourOf) {
  const spans = [];
  for (const score of scores) {
    for (const item of score.evidence) {
      spans.push({ start: item.start, end: item.end, metric: score.metric, name: score.label, label: item.label });
    }
  }
  const container = $("article-text");
  container.replaceChildren();
  for (const piece of segments(text, spans)) {
    if (!piece.spans.length) {
      container.append(piece.text);
      continue;
    }
    // Coloured by the most specific (shortest) span; the title names every label.
    const main = piece.spans.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
    const mark = document.createElement("mark");
    mark.className = colourOf(main.metric);
    mark.dataset.metrics = [...new Set(piece.spans.map((s) => s.metric))].join(" ");
    mark.title = [...new Set(piece.spans.map((s) => `${s.name}: ${s.label}`))].join("\n");
    mark.textContent = piece.text;
    container.append(mark);
  }
}

function legend(scores, colourOf) {
  const list = $("legend");
  list.replaceChildren();
  for (const score of scores) {
    if (!score.evidence.length) continue;
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch ${colourOf(score.metric)}`;
    swatch.setAttribute("aria-hidden", "true");
    item.append(swatch, score.label);
    list.append(item);
  }
}

function render(article) {
  const headline = headlineOf(article);
  document.title = `${headline}: TruthLens`;
  $("headline").textContent = headline;
  if (article.title) {
    $("original-title").querySelector("cite").textContent = article.title;
    show($("original-title"), true);
  }
  $("site").textContent = siteOf(article);
  if (article.author) {
    $("author").textContent = article.author;
    show($("author-row"), true);
  }
  if (article.publishedAt) {
    timeElement(article.publishedAt, $("published"));
    show($("published-row"), true);
  }
  timeElement(article.analyzedAt, $("analyzed"));
  if (article.url && /^https?:\/\//i.test(article.url)) {
    $("article-link").href = article.url;
    show($("link-row"), true);
  }
  $("average").textContent = article.averageScore === null
    ? "not available" : `${formatScore(article.averageScore)} / 10`;
  $("summary").textContent = article.summary ? article.summary.text : "No summary.";

  const index = new Map(article.scores.map((score, i) => [score.metric, i % COLOURS]));
  const colourOf = (metric) => `c${index.get(metric) ?? 0}`;
  renderChart($("chart"), article.scores, colourOf, (score) => details(score, colourOf));
  legend(article.scores, colourOf);
  highlight(article.text, article.scores, colourOf);
}

async function main() {
  const status = $("page-status");
  const id = decodeURIComponent(location.pathname.replace(/^\/articles\//, ""));
  try {
    const { article } = await request("article_page.graphql", "ArticlePage", { id });
    if (!article) {
      status.textContent = "";
      $("page-error").textContent = "There is no analysis with this id. It may have been removed.";
      $("page-error").hidden = false;
      document.title = "Analysis not found: TruthLens";
      return;
    }
    render(article);
    $("analysis").hidden = false;
    status.textContent = "";
  } catch (error) {
    status.textContent = "";
    $("page-error").textContent = `Could not load this analysis: ${error.message}`;
    $("page-error").hidden = false;
  }
}

main();
