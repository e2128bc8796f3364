"""English text helpers for the extractive headline and summary plugin.

Pure functions over strings, standard library only: term extraction, boilerplate
detection, and the trimming that turns a lead sentence into a headline.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping

HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_WORDS = 14
_LONGEST = 600  # characters of a sentence considered for a headline


def _words(text: str) -> list[str]:
    return text.split()


WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
STOPWORDS = frozenset(
    _words(
        """a about above after again against all along also am an and any are as at be because
    been before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours out over own said same says she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours mr mrs ms
    told one two new year years last first"""
    )
)
PRONOUNS = frozenset(_words("i you he she it we they who which that there this these those what"))

_BOILERPLATE = re.compile(
    r"^\W*(?:advertisement|advertising|sponsored|read more|read next|more on this|see also|"
    r"related(?: articles?| stories)?\s*:|sign up|subscribe|follow us|share (?:this|on)|"
    r"click here|scroll down|watch (?:the )?video|video\s*:|photo\s*:|image\s*:|pictured\b|"
    r"caption\s*:|image copyright|image caption|media caption|copyright|all rights reserved|"
    r"published\s*:|updated\s*:|last updated|posted\s*:|download (?:the|our) app|"
    r"comments?\s*\(|listen to)",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"Getty Images|AP Photo|\(Photo|Photo(?:graph)?\s*:|Photo by|Image\s*:|Credit\s*:|\u00a9"
)
_BYLINE_WORDS = frozenset({"and", "for", "in", "the", "of", "at", "with", "&", "|"})
_DATE_WORDS = re.compile(
    r"(?:\d[\d:.,/]*(?:st|nd|rd|th|am|pm)?|[ap]m|gmt|bst|est|edt|pst|utc|cet|updated|published|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|"
    r"apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|"
    r"dec(?:ember)?|at|on)",
    re.IGNORECASE,
)
_AGENCY = r"\([A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){0,2}\)"  # (Reuters), (CNN), (AP)
_DATE = r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"  # , March 3, 2024
_DASH = r"(?:-{1,2}|\u2014|\u2013)"
_DATELINE = re.compile(
    rf"^\s*(?:{_AGENCY}\s*{_DASH}?\s*"  # (CNN) --
    rf"|[A-Z][\w.'\u2019-]*(?:,?\s+[A-Z][\w.'\u2019-]*){{0,3}}{_DATE}\s*{_AGENCY}\s*{_DASH}\s+"
    rf"|[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+)*(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
    rf"{_DATE}\s*(?:{_AGENCY}\s*)?{_DASH}\s+)"  # LONDON (Reuters) -, NEW YORK, March 3 --
)
_KICKER = re.compile(  # "Wanted: Police ...", but not "Smith said: ..."
    r"^(?![^:]*\b(?:said|says|told|added|asked|warned)\b)[A-Z][\w'\u2019-]*(?: [\w'\u2019-]+){0,2}"
    r":\s+(?=[\w\"'\u2018\u201c])"
)
_INTRO = re.compile(  # "With summer around the corner, ..." / "After years of talks, ..."
    r"^(?:of|with|as|after|before|in|on|at|when|while|if|although|though|despite|having|"
    r"following|since|for|by|during|amid|under|from|without|once|until|unlike|like)\b"
    r"[^,]{0,80},\s+",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(
    r"^(?:but|and|so|yet|however|meanwhile|now|still|also|indeed|in fact)\b,?\s+", re.I
)
_LEAD_ATTRIBUTION = re.compile(  # "Police said that ..." / "According to X, ..."
    r"^(?:according to [^,]{1,80},\s*|(?:[A-Z][\w'\u2019.-]*\s+){1,4}"
    r"(?:has |have )?(?:said|says|(?:announced|confirmed|reported|warned) that)\s+(?:that\s+)?)"
)
_SAYS = r"said|says|reported|reports|announced|added|claimed|confirmed|show[sn]?|showed|suggest\w*"
_TAIL_ATTRIBUTION = re.compile(  # ", officials said on Friday" / ", said Mr Smith"
    r",\s*(?:according to [^,]+|(?:said|says|told|added)\s[^,]{1,50}|"
    r"(?!(?:has|have|had|is|are|was|were|will|would|could|which|who|that)\b)"
    rf"(?:[\w'\u2019.-]+\s+){{1,5}}(?:{_SAYS}|told\s[^,]{{1,30}})(?:\s[^,]{{0,30}})?)$",
    re.IGNORECASE,
)
_ASIDES = (
    (re.compile(r"\s*[(\[][^()\[\]]*[)\]]"), ""),  # (parenthetical), [bracketed]
    (re.compile(r"\s+[\u2014\u2013]\s+[^\u2014\u2013]+?\s+[\u2014\u2013](?=\s)"), ""),  # - aside -
    (re.compile(r",\s*(?:which|who|whose)\b[^,]*,"), ""),  # non-restrictive relative clause
    (re.compile(r",\s*(?:aged\s+)?\d{1,3},"), ""),  # ", 55," (ages)
    (re.compile(r",\s*[a-z]+(?:ed|ing|en)\b[^,]{0,60},"), ""),  # ", linked by radio,"
    (  # "Standard Life, Europe's largest insurer, has cut" (appositive after the subject)
        re.compile(r"^([A-Z][\w&'\u2019.-]*(?:\s+(?:and|of|&|[A-Z][\w&'\u2019.-]*))*),[^,]{3,90},"),
        r"\1",
    ),
    (re.compile(r",\s*(?:a|an|the|\d[\d.,]*)\s[^,]{1,90},(?=\s+[a-z])"), ""),  # ", a pop star,"
)
_DAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
_TIME = re.compile(  # headlines are read in the present: drop "on Friday", "last week"
    rf"\s+(?:(?:(?:late|early|earlier|later)\s+)?(?:on|last|this|next|late|early)\s+(?:{_DAYS}|"
    r"week|month|year|night|morning|afternoon|evening|weekend)|yesterday|today|tonight|"
    rf"in (?:(?:{_MONTHS})(?: \d{{4}})?|\d{{4}}))\b(?!['\u2019])"
)
_PARTICIPLE = (  # past participles that are also the simple past, then those that are not
    r"made|found|told|said|sold|hit|left|set|cut|put|brought|bought|built|held|kept|led|met|"
    r"paid|spent|struck|fought|caught|sent|won|lost|shut|quit|\w{2,}ed",
    r"given|taken|seen|shown|known|beaten|chosen|driven|thrown|written|stolen|broken|hidden",
)
_SIMPLE_PAST = dict(
    pair.split(":")
    for pair in _words(
        "become:became begun:began beaten:beat broken:broke chosen:chose come:came done:did "
        "drawn:drew driven:drove fallen:fell flown:flew given:gave gone:went grown:grew "
        "known:knew risen:rose run:ran seen:saw shown:showed spoken:spoke stolen:stole "
        "taken:took thrown:threw withdrawn:withdrew written:wrote"
    )
)
_MAIN = "".join(rf"(?<!\b{p} )(?<!\b{p.title()} )" for p in sorted(PRONOUNS))  # not "who was"
_Replacement = str | Callable[[re.Match[str]], str]
_HEADLINESE: tuple[tuple[re.Pattern[str], _Replacement], ...] = (  # block language
    (re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+(?=[\w\"'\u2018\u201c$\u00a3\u20ac])"), ""),
    (re.compile(r"\b(?:its|their|his)\s+(?=\w)"), ""),
    (re.compile(rf"{_MAIN}\b(?:has|have|had)\s+(?=(?:{_PARTICIPLE[0]})\b)"), ""),
    (
        re.compile(rf"{_MAIN}\b(?:has|have|had)\s+({'|'.join(_SIMPLE_PAST)})\b"),
        lambda m: _SIMPLE_PAST[m.group(1)],
    ),
    (
        re.compile(
            rf"{_MAIN}\b(?:is|are|was|were|(?:is|are) being|ha(?:s|ve|d) been)\s+"
            rf"(?=(?:{'|'.join(_PARTICIPLE)})\b)"
        ),
        "",
    ),
    (re.compile(rf"{_MAIN}\b(?:is|are)\s+(?!\w*(?:thing|during)\b)(?=\w{{2,}}ing\b)"), ""),
    (re.compile(rf"{_MAIN}\b(?:is|are) (?=to )"), ""),  # "X is to visit" -> "X to visit"
    (re.compile(rf"{_MAIN}\bwill (?!not\b)(?=\w)"), "to "),  # "X will visit" -> "X to visit"
)
_STRONG_CUT = re.compile(  # where a trailing subordinate clause starts
    r"\s*(?:[;:]|\s[\u2014\u2013-]{1,2}\s|,\s*(?:which|who|whose|where|while|whereas|although|"
    r"though|because|as|after|before|since|despite|amid|following|saying|adding|with|when|"
    r"if|unless|but|and|even|including|according|along|on|in|at|for|to|by|from|[a-z]+ing|a|an)\b)"
)
_WEAK_CUT = re.compile(  # where a trailing phrase starts
    r"\s(?:on|in|at|for|after|as|amid|with|by|from|over|that|which|while|because|since|"
    r"following|despite|during|before|than|and|but|into|against|under|when|where|who|whose|"
    r"if|unless|until|although|though|whereas)\b"
)
_OPEN_QUOTE = re.compile(r"(?:^|(?<=\s))[\"'\u2018\u201c](?=\w)")
_CLOSE_QUOTE = re.compile(r"(?<=[\w.,!?])[\"'\u2019\u201d](?=\s|$|[,.;:!?])(?<!s')")
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\u2014\u2013\u00b7-]|::)\s+")
_QUESTION = re.compile(r"[?!][\s\"'\u2019\u201d]*$")
_TRAILING = " \t\"'\u2018\u2019\u201c\u201d,;:.!?-\u2013\u2014"


def terms(text: str) -> list[str]:
    """Content words, lower-cased, possessives and plurals folded (crudely, on purpose)."""
    term = _term
    return [t for t in map(term, WORD.findall(text.lower())) if t is not None]


_NON_ASCII_LETTER = re.compile(r"(?![\x00-\x7f])[^\W\d_]")
"""A non-ASCII letter (or numeral other than a decimal digit): every other character that
lower-casing changes is one character that is no word character before or after."""


def terms_of_words(text: str, words: list[str]) -> list[str]:
    """`terms(text)` given `words`, `WORD.findall(text)`, sparing a second regex scan.

    Unless the text has a non-ASCII letter, lower-casing changes no character's length or
    class (a test checks every code point), so the words of the lower-cased text are the
    lower-cased words; lower-casing them joined (they hold no spaces) is one call.
    """
    if not text.isascii() and _NON_ASCII_LETTER.search(text) is not None:
        return terms(text)
    if not words:
        return []
    lowered = " ".join(words).lower().split(" ")
    folded = list(map(_FOLDED.get, lowered))
    if None in folded:  # words not seen yet
        if len(_FOLDED) > _FOLDED_MAX:  # bounded; a dict's single operations are thread-safe
            _FOLDED.clear()
        for i, word in enumerate(lowered):
            if folded[i] is None:
                folded[i] = _FOLDED[word] = _term(word) or ""
    return [t for t in folded if t]  # a term has at least three letters


_FOLDED: dict[str, str] = {}
"""`_term` of each word seen, "" for none (a plain dict: looked up with one `map`)."""
_FOLDED_MAX = 1 << 15


def term_set(text: str) -> set[str]:
    """`set(terms(text))`, each distinct word folded once."""
    return {t for t in map(_term, set(WORD.findall(text.lower()))) if t is not None}


@functools.lru_cache(maxsize=1 << 15)
def _term(word: str) -> str | None:
    """The term a (lower-cased) word stands for, or None for stopwords and single letters."""
    word = word.replace("\u2019", "'").removesuffix("'s")
    if word in STOPWORDS or len(word) < 2:
        return None
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def word_count(text: str) -> int:
    return len(text.split())


def is_boilerplate(text: str, words: int, word_list: list[str] | None = None) -> bool:
    """Captions, bylines, "Read more", bare datelines and headings in capitals.

    `word_list` is `WORD.findall(text)` when the caller has it."""
    if _BOILERPLATE.search(text) or _CAPTION.search(text):
        return True
    if not any(c.islower() for c in text) or not _DATELINE.sub("", text).strip(_TRAILING):
        return True
    if word_list is None:
        word_list = WORD.findall(text)
    if all(_DATE_WORDS.fullmatch(w) for w in word_list):
        return True
    if text.startswith("By ") and words <= 10:  # a byline has only names in it
        tokens = text[3:].replace(",", " ").split()
        return all(t[:1].isupper() or t.lower() in _BYLINE_WORDS for t in tokens)
    return False


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def starts_with_pronoun(text: str) -> bool:
    first = WORD.search(text)
    return first is not None and first.group().lower().split("'")[0].split("\u2019")[0] in PRONOUNS


def _balanced(text: str) -> bool:
    return len(_OPEN_QUOTE.findall(text)) == len(_CLOSE_QUOTE.findall(text))


def tidy(text: str) -> str:
    """Collapse spaces, drop end punctuation and unpaired quotes, capitalize."""
    text = re.sub(r"\s+", " ", text).strip(_TRAILING)
    if not _balanced(text):
        text = _CLOSE_QUOTE.sub("", _OPEN_QUOTE.sub("", text)).strip(_TRAILING)
    if text[1:2].isupper():  # "iPhone", "eBay"
        return text
    return text[:1].upper() + text[1:]


def _density(text: str, weight: Mapping[str, float]) -> float:
    return sum(weight.get(t, 0.0) for t in terms(text)) / math.pow(word_count(text), 1.0)


def _main_clause(text: str) -> str:
    """Cut the first trailing subordinate clause that leaves a headline's worth of words."""
    for match in _STRONG_CUT.finditer(text):
        if word_count(text[: match.start()]) >= HEADLINE_MIN_WORDS:
            return text[: match.start()]
    return text


# A cut right after a verb leaves it without its complement ("charged | with murder").
_VERB_END = re.compile(
    rf"(?<![\w'\u2019-])(?:[a-z]\w*ed|{'|'.join(_SIMPLE_PAST.values())}|"
    rf"{_PARTICIPLE[0].rsplit('|', 1)[0]})$"
)


def _fit(text: str, weight: Mapping[str, float]) -> str:
    """The prefix, ending at a phrase boundary, that carries the article's words most densely."""
    if word_count(text) <= HEADLINE_MIN_WORDS:
        return text
    head = re.match(rf"\s*(?:\S+\s+){{0,{HEADLINE_MAX_WORDS}}}", text)
    limit = head.end() if head else len(text)  # only the first words can start a headline
    prefixes = [text[: m.start()] for m in _WEAK_CUT.finditer(text, 0, limit)]
    fitting = [
        p
        for p in [*prefixes, text]
        if HEADLINE_MIN_WORDS <= word_count(p) <= HEADLINE_MAX_WORDS and _balanced(p)
    ]
    options = [  # no dangling "are", "of" or ", assets"
        p
        for p in fitting
        if (p == text or (p.split()[-1].lower() not in STOPWORDS and not _VERB_END.search(p)))
        and ("," not in p or word_count(p.rsplit(",", 1)[1]) >= 3)
    ]
    if options:
        return max(options, key=lambda o: (_density(o, weight), len(o)))
    if fitting:
        return fitting[-1]
    words = text.split()[: HEADLINE_MAX_WORDS + 1]
    while len(words) > HEADLINE_MIN_WORDS and words[-1][:1].isupper():  # do not split a name
        words.pop()
    if len(words) > HEADLINE_MAX_WORDS:
        words.pop()
    while len(words) > HEADLINE_MIN_WORDS and words[-1].lower().strip(_TRAILING) in STOPWORDS:
        words.pop()
    return " ".join(words)


_CAPS_RUN = re.compile(r"(?<![\w'\u2019-])[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_DESCRIPTOR = re.compile(  # what stands before a name: "Spurs boss", "Welsh striker", "former"
    r"(?:[A-Z][\w'\u2019.-]*|former|ex-\w+|new|top|veteran|young|\w+(?:er|or|ist|ian|man|woman|"
    r"ess)|boss|chief|head|star|champion|coach|captain|wing|secretary|minister|leader|giant|"
    r"firm|group|official|spokesman|spokeswoman|winner|rival|actor|actress|mogul|tycoon|"
    r"legend|hopeful|hooker|prop|centre|full-back|fly-half|scrum-half|pop|rock|film)$"
)


_NOT_DESCRIPTORS = frozenset(
    _words("after over under never ever later other whether either neither for or nor per")
    + _words("together rather further earlier hour year however minister's")
)


_INSTITUTIONS = frozenset(
    _words(
        """life united city international group holdings bank board party council office
    lords commons court house street times news post airways airlines motors energy
    resources industries corporation corp inc ltd plc association union club rovers athletic
    wanderers albion county town villa forest cup open league championship games awards
    festival service agency department ministry commission committee authority trust fund
    foundation institute university college school hospital museum theatre centre center
    network company kingdom states nations republic kong africa america europe asia east west
    north south island islands sea river valley park square road stadium church"""
    )
)


def _is_boundary(word: str) -> bool:
    """A word a descriptor can follow: a function word, a past-tense verb, punctuation."""
    lower = word.lower()
    return lower in STOPWORDS or lower.endswith("ed") or not word[-1:].isalnum()


def _is_descriptor(word: str) -> bool:
    return word.lower() not in STOPWORDS | _NOT_DESCRIPTORS and bool(_DESCRIPTOR.match(word))


def _known_alone(last: str, previous: str, article: str) -> bool:
    """Whether the article also calls this name by its last word alone ("Blair", "Mr Blair").

    An occurrence of `last` counts when it is a whole word (no word character, apostrophe
    or hyphen before it, no word character or hyphen after it) and `previous` and a space
    do not stand right before it: what the regex `_known_alone_pattern` finds, checked at
    each occurrence that `str.find` jumps to instead of at every position of the article.
    """
    if not last:
        return _known_alone_pattern(last, previous).search(article) is not None
    before = previous + " "
    at = article.find(last)
    while at >= 0:
        end = at + len(last)
        if (
            (at == 0 or not _is_edge(article[at - 1], "'\u2019-"))
            and (end == len(article) or not _is_edge(article[end], "-"))
            and not (at >= len(before) and article.startswith(before, at - len(before)))
        ):
            return True
        at = article.find(last, at + 1)
    return False


def _is_edge(char: str, also: str) -> bool:
    """A character that `\\w` matches in a `re` pattern (`str.isalnum` or "_"), or one of `also`."""
    return char.isalnum() or char == "_" or char in also


def _known_alone_pattern(last: str, previous: str) -> re.Pattern[str]:
    """The plain definition of `_known_alone` (kept for the empty name and for tests)."""
    return re.compile(rf"(?<!{re.escape(previous)} )(?<![\w'\u2019-]){re.escape(last)}(?![\w-])")


def short_names(text: str, article: str) -> str:
    """Headline style names people once known: "Actress Nicole Kidman" -> "Kidman".

    A run of capitalized words becomes its last word when the article uses that word on
    its own elsewhere (and it is not an institution's head noun such as "United");
    descriptors just before it ("Welsh striker", "US Open champion") go with it when
    a clear boundary (the start, a function word, a past-tense verb) precedes them.
    """
    if not article:
        return text
    for match in reversed(list(_CAPS_RUN.finditer(text))):
        words = match.group().split()
        bare = _POSSESSIVE.sub("", words[-1])
        if (
            len(bare) < 3
            or bare.isupper()  # "US", "BBC": not a surname
            or bare.lower() in _INSTITUTIONS
            or not _known_alone(bare, words[-2], article)
        ):
            continue
        start = match.start()
        before = text[:start].split(" ")  # ends with "" when a space precedes the name
        run = 0
        while run < 3 and len(before) > run + 1 and _is_descriptor(before[-2 - run]):
            run += 1
        boundary = before[-2 - run] if len(before) > run + 1 else ""
        if run and (not boundary or _is_boundary(boundary)):
            start -= len(" ".join(before[-1 - run :]))
        text = text[:start] + words[-1] + text[match.end() :]
    return text


_LEAD_DESCRIPTOR = re.compile(  # "Telecoms equipment supplier Ericsson", "US mortgage company"
    r"^(\S+(?:\s+[a-z][\w-]*){1,3})\s+(?=([A-Z][\w'\u2019&.-]*(?:\s+[A-Z][\w'\u2019&.-]*)*))"
)


def drop_lead_descriptor(text: str, article: str) -> str:
    """Open on the name, not its description, when the article names it again."""
    match = _LEAD_DESCRIPTOR.match(text)
    if not match or not article:
        return text
    described = match.group(1).split()[1:]
    if any(w.lower() in STOPWORDS or w.endswith("ed") for w in described):
        return text
    name = _POSSESSIVE.sub("", match.group(2))
    if article.count(name) < 2 or word_count(text) - len(described) - 1 < HEADLINE_MIN_WORDS:
        return text
    return text[match.end() :]


def _drop(pattern: re.Pattern[str], text: str) -> str:
    """Remove a leading phrase unless too little would be left."""
    rest = pattern.sub("", text, count=1)
    return rest if word_count(rest) >= HEADLINE_MIN_WORDS else text


def headline_clause(
    sentence: str, weight: Mapping[str, float] | None = None, article: str = ""
) -> str:
    """Trim a sentence to a headline: no dateline, attribution, asides or tail clauses.

    `weight` says how central each term is to the article (its frequency there); the
    trimmed clause keeps the words that weigh most per word of headline.
    """
    text = sentence.strip()
    if len(text) > _LONGEST:  # a headline comes from the first words; bound the regex work
        text = text[:_LONGEST].rsplit(" ", 1)[0]
    text = _DATELINE.sub("", text, count=1).strip(_TRAILING)
    text = drop_lead_descriptor(short_names(text, article), article)
    text = _TAIL_ATTRIBUTION.sub("", text).strip(_TRAILING)
    for pattern, template in _ASIDES:
        text = pattern.sub(template, text)
    text = _TIME.sub("", _CONNECTOR.sub("", text))
    for pattern in (_KICKER, _INTRO, _CONNECTOR):
        text = _drop(pattern, text)
    if not starts_with_pronoun(_LEAD_ATTRIBUTION.sub("", text, count=1)):  # "BT said it ..."
        text = _drop(_LEAD_ATTRIBUTION, text)
    text = _main_clause(text)
    for pattern, replacement in _HEADLINESE:
        if isinstance(replacement, str):
            text = pattern.sub(replacement, text)
        else:
            text = pattern.sub(replacement, text)
    text = tidy(text)
    return tidy(_fit(text, weight or Counter(terms(text))))


def _site_like(part: str, site: str) -> bool:
    words = part.split()
    return part.lower() == site or (
        len(words) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    )


def clean_title(title: str, site_name: str | None = None) -> str:
    """Drop site names ("... | BBC News", "CNN - ..."), end punctuation and excess words."""
    parts = _TITLE_SEPARATOR.split(title.strip())
    site = (site_name or "").strip().lower()
    while len(parts) > 1 and _site_like(parts[-1].strip(), site):
        parts.pop()
    if len(parts) > 1 and parts[0].strip().lower() == site:
        parts.pop(0)
    text = tidy(" - ".join(parts))
    return tidy(_fit(text, Counter(terms(text)))) if word_count(text) > HEADLINE_MAX_WORDS else text
