"""CSV and Excel loading, with and without a codebook (sidecar, explicit, or a workbook sheet)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explorer.core.errors import ExplorerError
from explorer.core.survey.load import load_survey
from explorer.core.survey.model import Kind
from explorer.core.survey.tabular import category_order

AGREE = [
    "Strongly agree",
    "Somewhat agree",
    "Neither agree nor disagree",
    "Somewhat disagree",
    "Strongly disagree",
]


def _frame(n: int = 60, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "resp_id": np.arange(100, 100 + n),
            "wt": np.round(rng.uniform(0.5, 1.5, n), 4),
            "region": rng.choice(["North", "South", "East", "West"], n),
            "q_tough": rng.choice([*AGREE, "Don't know"], n),
            "q_code": rng.choice([1, 2, 3], n),
            "income": np.round(rng.uniform(100, 9000, n), 2),
            "comment": [f"free text answer number {i}" for i in range(n)],
            "interview_date": [f"2024-05-{d:02d}" for d in rng.integers(1, 28, n)],
        }
    )


def test_csv_without_codebook_infers_kinds(tmp_path):
    frame = _frame()
    path = tmp_path / "data.csv"
    frame.to_csv(path, index=False)
    survey = load_survey(path)
    assert survey.source.format == "csv" and survey.weight == "wt"
    region = survey.variable("region")
    assert region.kind is Kind.NOMINAL
    assert [t for _, t in region.value_labels] == sorted(frame["region"].unique())
    # The stored codes decode back to the delivered text, row by row.
    decoded = [region.label_for(c) for c in survey.values("region")]
    assert decoded == frame["region"].tolist()
    tough = survey.variable("q_tough")
    assert tough.kind is Kind.SCALE
    assert [t for _, t in tough.value_labels] == [*AGREE, "Don't know"]
    assert {n.key: [tough.label_for(c) for c in n.codes] for n in tough.nets} == {
        "agree": AGREE[:2],
        "disagree": AGREE[3:],
    }
    code = survey.variable("q_code")
    assert code.kind is Kind.NOMINAL and code.value_labels == ((1.0, "1"), (2.0, "2"), (3.0, "3"))
    assert survey.variable("income").kind is Kind.NUMERIC
    assert survey.variable("resp_id").kind is Kind.NUMERIC
    assert survey.variable("comment").kind is Kind.TEXT
    assert survey.column("comment")[3] == frame["comment"][3]
    assert survey.variable("interview_date").kind is Kind.DATE
    np.testing.assert_allclose(survey.weights(), frame["wt"].to_numpy())


def test_category_order_puts_scales_in_order_and_dont_know_last():
    shuffled = [
        "Somewhat disagree",
        "Don't know",
        "Strongly agree",
        "Strongly disagree",
        "Somewhat agree",
    ]
    assert category_order(shuffled) == [
        "Strongly agree",
        "Somewhat agree",
        "Somewhat disagree",
        "Strongly disagree",
        "Don't know",
    ]
    assert category_order(["b", "Refused", "a"]) == ["a", "b", "Refused"]


CODEBOOK = """variable,label,code,value_label,missing,kind,weight
q1,Support for drones,1,Strongly support,,,
q1,,2,Somewhat support,,,
q1,,3,Somewhat oppose,,,
q1,,4,Strongly oppose,,,
q1,,98,Don't know,no,,
gender,Gender,1,Man,,,
gender,,2,Woman,,,
gender,,99,Prefer not to say,yes,,
w,Final weight,,,,,yes
postcode,Postcode district,,,,text,
"""


def _coded(n=40, seed=2):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "q1": rng.choice([1, 2, 3, 4, 98], n),
            "gender": rng.choice([1, 2, 99], n),
            "w": rng.uniform(0.5, 2, n),
            "postcode": rng.choice(["1001", "2002"], n),
        }
    )


def test_sidecar_codebook(tmp_path):
    frame = _coded()
    path = tmp_path / "poll.csv"
    frame.to_csv(path, index=False)
    (tmp_path / "poll.codebook.csv").write_text(CODEBOOK, encoding="utf-8")
    survey = load_survey(path)
    q1 = survey.variable("q1")
    assert q1.label == "Support for drones" and q1.kind is Kind.SCALE
    assert q1.label_for(98) == "Don't know" and not q1.missing_values
    assert {n.key: n.codes for n in q1.nets} == {"support": (1.0, 2.0), "oppose": (3.0, 4.0)}
    gender = survey.variable("gender")
    assert gender.missing_values == frozenset({99.0})
    np.testing.assert_array_equal(survey.valid("gender"), frame["gender"].to_numpy() != 99)
    assert survey.weight == "w"
    assert survey.variable("postcode").kind is Kind.TEXT
    assert list(survey.column("postcode")) == frame["postcode"].tolist()


def test_explicit_codebook_and_text_answers_mapped_to_codes(tmp_path):
    frame = _coded()
    labels = {
        1: "Strongly support",
        2: "Somewhat support",
        3: "Somewhat oppose",
        4: "Strongly oppose",
        98: "Don't know",
    }
    as_text = frame.assign(q1=frame["q1"].map(labels).str.upper())
    path = tmp_path / "poll.csv"
    as_text.to_csv(path, index=False)
    book = tmp_path / "elsewhere.csv"
    book.write_text(CODEBOOK, encoding="utf-8")
    survey = load_survey(path, codebook=book)
    np.testing.assert_array_equal(survey.values("q1"), frame["q1"].to_numpy(float))


def test_xlsx_with_codebook_sheet(tmp_path):
    frame = _coded()
    book = pd.read_csv(__import__("io").StringIO(CODEBOOK), dtype=str, keep_default_na=False)
    path = tmp_path / "poll.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="Data", index=False)
        book.to_excel(writer, sheet_name="Codebook", index=False)
    survey = load_survey(path)
    assert survey.source.format == "xlsx"
    assert survey.variable("gender").missing_values == frozenset({99.0})
    assert survey.variable("q1").kind is Kind.SCALE and survey.weight == "w"
    np.testing.assert_array_equal(survey.values("gender"), frame["gender"].to_numpy(float))


def test_encodings_and_delimiters(tmp_path):
    frame = pd.DataFrame({"place": ["Café", "Bar", "Café", "Pub"], "n": [1, 2, 3, 4]})
    for name, encoding, sep in [
        ("a.csv", "windows-1252", ","),
        ("b.csv", "utf-16", ";"),
        ("c.csv", "utf-8-sig", "\t"),
    ]:
        path = tmp_path / name
        frame.to_csv(path, index=False, encoding=encoding, sep=sep)
        survey = load_survey(path)
        var = survey.variable("place")
        assert sorted(t for _, t in var.value_labels) == ["Bar", "Café", "Pub"], name


def test_many_columns_csv(tmp_path):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({f"c{i}": rng.integers(1, 5, 30) for i in range(330)})
    path = tmp_path / "wide.csv"
    frame.to_csv(path, index=False)
    survey = load_survey(path)
    assert len(survey.variables) == 330
    np.testing.assert_array_equal(survey.values("c329"), frame["c329"].to_numpy(float))


@pytest.mark.parametrize(
    "name, content, match",
    [
        ("nul.csv", b"a,b\n1,\x002\n", r"nul\.csv: .*NUL"),
        ("fake.xlsx", b"a,b\n1,2\n", r"fake\.xlsx: .*not an Excel"),
        ("bad.xlsx", b"PK\x03\x04" + b"\x00" * 200, r"bad\.xlsx: "),
        ("head.csv", b"only_a_header\n", r"head\.csv: .*no respondents"),
    ],
)
def test_bad_tabular_files(tmp_path, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExplorerError, match=match):
        load_survey(path)


@pytest.mark.parametrize(
    "book, match",
    [
        ("name,label\nq1,x\n", "no 'variable' column"),
        ("variable,code,value_label\nq1,one,One\n", "not a number"),
        ("variable,kind\nq1,banana\n", "unknown kind"),
    ],
)
def test_bad_codebooks(tmp_path, book, match):
    path = tmp_path / "d.csv"
    _coded().to_csv(path, index=False)
    (tmp_path / "d.codebook.csv").write_text(book, encoding="utf-8")
    with pytest.raises(ExplorerError, match=rf"d\.codebook\.csv: .*{match}"):
        load_survey(path)


def test_xlsx_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    from explorer.core.survey import tabular

    frame = _coded()
    path = tmp_path / "big.xlsx"
    frame.to_excel(path, index=False)
    monkeypatch.setattr(tabular, "MAX_XLSX_UNPACKED", 1000)
    with pytest.raises(ExplorerError, match=r"big\.xlsx: the workbook unpacks to .* too large"):
        load_survey(path)


def test_a_workbook_claiming_an_unknown_zip_version_is_one_sentence(tmp_path) -> None:
    """Found by the .xlsx fuzzer: zipfile raises NotImplementedError for such a header."""
    import io
    import struct
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    data = bytearray(buffer.getvalue())
    central = data.find(b"PK\x01\x02")
    data[central + 6 : central + 8] = struct.pack("<H", 64)  # "needs zip version 6.4"
    path = tmp_path / "v64.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(ExplorerError, match=r"^v64\.xlsx: the workbook is damaged"):
        load_survey(path)
