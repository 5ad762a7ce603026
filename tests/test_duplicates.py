from tone.duplicates import duplicate_groups, near_duplicate_pairs


def test_punctuation_only_differences_are_near_duplicates():
    assert near_duplicate_pairs(["You never call me back", "you never call me back!!"]) == [(0, 1)]


def test_different_messages_sharing_words_are_not():
    texts = ["you never call me back", "I love when you call me back so fast"]
    assert near_duplicate_pairs(texts) == []


def test_groups_link_chains_of_near_duplicates():
    texts = ["a b c d e f g h i j", "a b c d e f g h i k", "a b c d e f g h l k", "zzz"]
    groups = duplicate_groups(texts, threshold=0.8)
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_matches_brute_force_on_a_mixed_sample():
    from itertools import combinations

    from tone.duplicates import jaccard, token_set

    texts = [
        "ok",
        "ok!",
        "okay",
        "see you at 5",
        "see you at 5 then",
        "see u at 5",
        "thanks so much",
        "thanks so much!!",
    ]
    expected = sorted(
        (i, j)
        for i, j in combinations(range(len(texts)), 2)
        if jaccard(token_set(texts[i]), token_set(texts[j])) >= 0.8
    )
    assert near_duplicate_pairs(texts) == expected
