"""The appraisal REST API: serializers, viewsets and their routes."""
