"""Intake API: start an import from a file (a background job, as the upload page does),
follow it, list and read the runs, roll one back. Only those who may import
(``customers.import``) reach it; a refusal names its field."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from wangge.base.params import CappedLimitOffsetPagination
from wangge.intake.api.serializers import (
    ImportRunDetailSerializer,
    ImportRunSerializer,
    UploadSerializer,
    UploadStateSerializer,
)
from wangge.intake.forms import UploadForm
from wangge.intake.models import ImportRun
from wangge.intake.services import RollbackRefused, rollback
from wangge.intake.uploads import JOB_KIND, start_upload
from wangge.jobs.models import Job
from wangge.org.scope import may


class MayImport(BasePermission):
    def has_permission(self, request, view) -> bool:
        return may(request.user, "customers.import")


class ImportRunViewSet(viewsets.ReadOnlyModelViewSet):
    """The record of imports, newest first; a run's problems name file, row and column."""

    pagination_class = CappedLimitOffsetPagination
    permission_classes = [IsAuthenticated, MayImport]
    queryset = ImportRun.objects.none()

    def get_queryset(self):
        return (
            ImportRun.objects.visible_to(self.request.user)
            .select_related("started_by")
            .order_by("-pk")
        )

    def get_serializer_class(self):
        return ImportRunDetailSerializer if self.action != "list" else ImportRunSerializer

    @extend_schema(request=None, responses=ImportRunSerializer)
    @action(detail=True, methods=["post"])
    def rollback(self, request, pk=None):
        run = self.get_object()
        try:
            run = rollback(run.pk, user=request.user)
        except RollbackRefused as exc:
            raise ValidationError({"run": [str(exc)]}) from exc
        return Response(ImportRunSerializer(run).data)


class UploadViewSet(viewsets.ViewSet):
    """``POST`` a file to import it in the background; ``GET …/{job}/`` follows it."""

    permission_classes = [IsAuthenticated, MayImport]
    lookup_value_regex = r"[0-9]+"

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses=UploadStateSerializer
    )
    def create(self, request):
        data = request.data.copy()
        if data.get("profile") in (None, ""):
            data.pop("profile", None)
        form = UploadForm(data, request.FILES, user=request.user)
        if not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        job = start_upload(request.user, form)
        job.refresh_from_db()
        return Response(_state(job), status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="the job")],
        responses=UploadStateSerializer,
    )
    def retrieve(self, request, pk=None):
        if not str(pk).isdigit() or int(pk) > 2**62:
            raise Http404  # no job has that id
        job = get_object_or_404(Job.objects.visible_to(request.user), pk=int(pk), kind=JOB_KIND)
        return Response(_state(job))


def _state(job: Job) -> dict:
    return {
        "job": job.pk,
        "status": job.status,
        "percent": job.percent,
        "message": job.message,
        "result": job.result or {},
    }
