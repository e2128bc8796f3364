from truthlens.schema import SDL_PATH, export_sdl


def test_committed_sdl_matches_code() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == export_sdl(), (
        "schema/schema.graphql is stale: run `make schema` and commit the result"
    )


def test_contract_names_present() -> None:
    sdl = export_sdl()
    for fragment in (
        "articles(first: Int = 20, after: String = null, filter: ArticleFilter = null, "
        "orderBy: ArticleOrder = NEWEST): ArticleConnection!",
        "sources(first: Int = 20, after: String = null): SourceConnection!",
        "node(id: ID!): Node",
        "type Article implements Node",
        "type Source implements Node",
        "article(id: ID = null, url: String = null): Article",
        "analyzeUrl(url: String!, force: Boolean = false): AnalyzeResult!",
        "analyzeText(input: AnalyzeTextInput!): AnalyzeResult!",
        "analyzeHtml(input: AnalyzeHtmlInput!): AnalyzeResult!",
        "union AnalyzeResult = Article | AnalysisError",
        "metrics: [Metric!]!",
        "score(metric: String!): Score",
        "scores: [Score!]!",
    ):
        assert fragment in sdl
