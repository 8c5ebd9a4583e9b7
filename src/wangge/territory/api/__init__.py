"""The territory REST API: serializers, viewsets and their routes."""
