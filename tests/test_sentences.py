from __future__ import annotations

import pytest

from refs.manuscript.sentences import sentence_spans


def split(text):
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("İ.Əliyev gəldi. K.Tokayev də gəldi.", ["İ.Əliyev gəldi.", "K.Tokayev də gəldi."]),
        ("Prezident K. Tokayev çıxış etdi. Sonra İ. Əliyev danışdı.",
         ["Prezident K. Tokayev çıxış etdi.", "Sonra İ. Əliyev danışdı."]),
        ("Smith et al. showed it. See Fig. 2 and p. 45. Done.", ["Smith et al. showed it.", "See Fig. 2 and p. 45.", "Done."]),
        ("Это было в 2022 г. В тот же день, см. с. 12, всё прошло.", ["Это было в 2022 г.", "В тот же день, см. с. 12, всё прошло."]),
        ("Bax: səh. 15. Növbəti cümlə.", ["Bax: səh. 15.", "Növbəti cümlə."]),
        ("Artım 3,5 faiz oldu. Bəs 2,7? Bəli!", ["Artım 3,5 faiz oldu.", "Bəs 2,7?", "Bəli!"]),
        ("Sözlər “Gecə atılan atəş.” Sonra gəldi.", ["Sözlər “Gecə atılan atəş.”", "Sonra gəldi."]),
        ("Qeyd olundu [3]. Azərbaycan tərəfi.", ["Qeyd olundu [3].", "Azərbaycan tərəfi."]),
        ("2022 жылы б. 5 қараңыз. Келесі сөйлем.", ["2022 жылы б. 5 қараңыз.", "Келесі сөйлем."]),
        ("Bkz. s. 4 ve vb. örnekler. Sonra geldi.", ["Bkz. s. 4 ve vb. örnekler.", "Sonra geldi."]),
        ("No end here", ["No end here"]),
    ],
)
def test_sentences(text, expected):
    assert split(text) == expected
