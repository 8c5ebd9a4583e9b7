"""A churn table is taken as it comes: labels in any of the usual spellings, numbers as
text, blanks, an identifier and constant columns set aside with a note."""

import numpy as np
import pandas as pd
import pytest

from wangge.core.churn.table import TableError, load, parse_label, prepare


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["Yes", "No", "yes", "NO"], [1, 0, 1, 0]),
        (["TRUE", "FALSE", "True", "false"], [1, 0, 1, 0]),
        (["1", "0", "1.0", "0"], [1, 0, 1, 0]),
    ],
)
def test_labels_in_every_usual_spelling(values, expected):
    assert parse_label(pd.Series(values), "Churn", "t.csv").tolist() == expected


def test_a_label_that_is_not_a_yes_or_no_is_refused_by_column_and_value():
    with pytest.raises(TableError, match=r"t\.csv, column Churn: 'maybe'"):
        parse_label(pd.Series(["Yes", "maybe"]), "Churn", "t.csv")


def test_numbers_stored_as_text_with_blanks_become_numbers_and_text_stays_a_category(telecom):
    table = prepare(telecom, "Churn")
    assert {"tenure", "MonthlyCharges", "TotalCharges", "Complaints"} <= set(table.numeric)
    assert set(table.categorical) == {"Contract", "InternetService"}
    total = table.features["TotalCharges"]
    assert total.dtype == float and total.isna().sum() == (telecom["tenure"] == "0").sum()
    assert table.label.tolist() == (telecom["Churn"] == "Yes").astype(int).tolist()


def test_the_identifier_and_a_constant_column_are_set_aside_and_said(telecom):
    table = prepare(telecom, "Churn")
    assert "customerID" not in table.features and "Country" not in table.features
    assert any("customerID" in n and "identifier" in n for n in table.notes)
    assert any("Country" in n for n in table.notes)
    named = prepare(telecom.assign(code=telecom["customerID"]), "Churn", id_column="code")
    assert "code" not in named.features


def test_rows_without_a_label_are_left_out_and_counted(telecom):
    telecom.loc[[3, 8], "Churn"] = ""
    table = prepare(telecom, "Churn")
    assert len(table.label) == len(telecom) - 2 == len(table.features)
    assert "2 rows without a label left out" in table.notes


def test_a_file_in_gb18030_with_semicolons_reads_the_same(tmp_path, telecom):
    path = tmp_path / "churn.csv"
    path.write_bytes(telecom.to_csv(index=False, sep=";").encode("gb18030"))
    table = load(path, "Churn")
    assert set(table.categorical) == {"Contract", "InternetService"}
    assert np.array_equal(table.label, (telecom["Churn"] == "Yes").to_numpy(dtype=int))


def test_a_missing_label_column_names_the_columns_there_are(telecom):
    with pytest.raises(TableError, match="no column 'churned'"):
        prepare(telecom, "churned")
