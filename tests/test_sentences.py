from truthlens.sentences import split_sentences


def test_offsets_index_into_text() -> None:
    text = 'Mr. Smith went to Washington. He said: "It is fine."\n\nA heading\nThe U.S. grew 2.5%!'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Smith went to Washington.",
        'He said: "It is fine."',
        "A heading",
        "The U.S. grew 2.5%!",
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_code_points_not_utf16_units() -> None:
    text = "Emoji 😀 first. Then this one."
    second = split_sentences(text)[1]
    assert second.text == "Then this one."
    assert text[second.start : second.end] == second.text


def test_single_sentence_and_empty() -> None:
    assert len(split_sentences("Just one sentence without a stop")) == 1
    assert split_sentences("") == ()
    assert split_sentences("  \n\n ") == ()


def test_unknown_language_falls_back_to_english() -> None:
    assert len(split_sentences("One. Two.", language="xx-YY")) == 2


def test_concurrent_threads_split_like_one_thread() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        " ".join(f"Sentence {i}.{j} says Mr. Smith of the U.S. agency." for j in range(40))
        for i in range(24)
    ]
    expected = [split_sentences(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(split_sentences, texts)) == expected
