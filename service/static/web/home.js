// Home: recent analyses (HomeList, keyset cursors, "Load more") and the analyze form.
import {
  ApiError, articlePath, formatScore, headlineOf, request, siteOf, timeElement,
} from "./api.js";

const FRIENDLY = {
  INVALID_INPUT: "That input cannot be analyzed.",
  FETCH_FAILED: "The page could not be fetched.",
  BLOCKED_ADDRESS: "That address is not allowed.",
  ACCESS_DENIED: "The site refused access to that page.",
  TOO_LARGE: "That page or text is too large.",
  UNSUPPORTED_CONTENT: "That address is not an HTML page.",
  NO_CONTENT: "No article text was found there.",
  EXTRACTION_FAILED: "The article could not be extracted from that page.",
};

const list = document.getElementById("articles");
const listStatus = document.getElementById("list-status");
const loadMore = document.getElementById("load-more");
const pageSize = Math.min(100, Math.max(1, Number.parseInt(
  new URLSearchParams(location.search).get("first") ?? "", 10) || 20));
let cursor = null;

function card(article) {
  const item = document.createElement("li");
  item.className = "card";
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = articlePath(article.id);
  link.textContent = headlineOf(article);
  heading.append(link);

  const meta = document.createElement("p");
  meta.className = "meta";
  const site = document.createElement("span");
  site.className = "site";
  site.textContent = siteOf(article);
  const when = article.publishedAt ?? article.analyzedAt;
  meta.append(site, " · ", article.publishedAt ? "published " : "analyzed ", timeElement(when));

  const score = document.createElement("p");
  score.className = "card-score";
  const value = document.createElement("span");
  value.className = "score-value";
  value.textContent = formatScore(article.averageScore);
  score.append("Average score ", value, article.averageScore === null ? "" : " / 10");

  item.append(heading, meta, score);
  return item;
}

async function loadPage() {
  loadMore.disabled = true;
  listStatus.textContent = "Loading…";
  try {
    const { articles } = await request("home_list.graphql", "HomeList", {
      first: pageSize, after: cursor,
    });
    const firstNew = list.children.length;
    for (const edge of articles.edges) list.append(card(edge.node));
    cursor = articles.pageInfo.endCursor;
    loadMore.hidden = !articles.pageInfo.hasNextPage;
    listStatus.textContent = articles.totalCount === 0
      ? "Nothing analyzed yet: analyze an article above."
      : `Showing ${list.children.length} of ${articles.totalCount} analyses.`;
    if (firstNew > 0 && list.children[firstNew]) {
      list.children[firstNew].querySelector("a").focus();
    }
  } catch (error) {
    listStatus.textContent = `Could not load the analyses: ${error.message}`;
  } finally {
    loadMore.disabled = false;
  }
}

loadMore.addEventListener("click", loadPage);

// The analyze form.
const form = document.getElementById("analyze-form");
const urlFields = document.getElementById("url-fields");
const textFields = document.getElementById("text-fields");
const status = document.getElementById("analyze-status");
const errorBox = document.getElementById("analyze-error");
const button = document.getElementById("analyze-button");

function source() {
  return form.elements.source.value;
}

for (const radio of form.elements.source) {
  radio.addEventListener("change", () => {
    urlFields.hidden = source() !== "url";
    textFields.hidden = source() !== "text";
    hideError();
  });
}

function hideError() {
  errorBox.hidden = true;
  errorBox.replaceChildren();
}

function showError(title, detail, code) {
  const heading = document.createElement("p");
  heading.className = "error-title";
  heading.textContent = title;
  errorBox.replaceChildren(heading);
  if (detail) {
    const message = document.createElement("p");
    message.textContent = detail;
    errorBox.append(message);
  }
  if (code) {
    const codeLine = document.createElement("p");
    codeLine.className = "error-code";
    const codeText = document.createElement("code");
    codeText.textContent = code;
    codeLine.append("Error code: ", codeText);
    errorBox.append(codeLine);
  }
  errorBox.hidden = false;
  errorBox.focus();
}

async function analyze(event) {
  event.preventDefault();
  hideError();
  let run;
  if (source() === "url") {
    const url = form.elements.url.value.trim();
    if (!url) return showError("Enter the address of an article.", null, null);
    const force = form.elements.force.checked;
    run = async () => (await request("analyze.graphql", "AnalyzeUrl", { url, force })).analyzeUrl;
  } else {
    const text = form.elements.text.value;
    if (!text.trim()) return showError("Paste the text of an article.", null, null);
    const title = form.elements.title.value.trim();
    const input = title ? { text, title } : { text };
    run = async () => (await request("analyze.graphql", "AnalyzeText", { input })).analyzeText;
  }
  button.disabled = true;
  status.textContent = "Analyzing… fetching and scoring can take a few seconds.";
  try {
    const result = await run();
    if (result.__typename === "AnalysisError") {
      status.textContent = "";
      showError(FRIENDLY[result.code] ?? "The analysis failed.", result.message, result.code);
      return;
    }
    status.textContent = "Done. Opening the analysis…";
    location.assign(articlePath(result.id));
  } catch (error) {
    status.textContent = "";
    showError("The analysis could not be run.", error instanceof ApiError ? error.message : String(error), null);
  } finally {
    button.disabled = false;
  }
}

form.addEventListener("submit", analyze);
loadPage();
