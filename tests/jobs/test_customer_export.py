"""A long export runs as a background task, reports progress to its job, and
writes only what the person who started it may see, masked as they see it."""

from openpyxl import load_workbook

from wangge.jobs.models import Job


def test_the_export_job_writes_the_viewers_customers_masked_and_offers_a_download(city, login):
    client = login("director")
    response = client.post("/customers/export/")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (
        job.status == "done" and job.result["rows"] == 2
    )  # 张三 and 李四; 王五 is another center's

    status = client.get(f"/api/jobs/{job.pk}/").json()
    assert status["status"] == "done" and status["percent"] == 100
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    path = job.result["file"]
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["张三", "李四"]
    assert rows[1][4] == "138****1234"


def test_another_person_cannot_follow_or_download_someone_elses_job(city, login):
    login("director").post("/customers/export/")
    job = Job.objects.get()
    other = login("gm_x")
    assert other.get(f"/api/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_customer_name_that_looks_like_a_formula_is_exported_as_text(city, login):
    """A name typed as ``=HYPERLINK(...)`` must reach Excel as text, never as a formula."""
    zhang = city["customers"]["zhang"]
    zhang.name = '=HYPERLINK("http://x","y")'
    zhang.address = "+1+1"
    zhang.save()
    login("director").post("/customers/export/")
    job = Job.objects.get()
    sheet = load_workbook(job.result["file"]).active
    headers = [c.value for c in sheet[1]]
    name = sheet.cell(2, headers.index("名称") + 1)
    address = sheet.cell(2, headers.index("地址") + 1)
    assert (name.value, name.data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert (address.value, address.data_type) == ("+1+1", "s")
