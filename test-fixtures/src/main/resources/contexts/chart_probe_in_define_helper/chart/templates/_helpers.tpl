{{/* The probes of every api container. */}}
{{- define "api.probes" -}}
livenessProbe:
# expect: probe-blocked-by-strict-mtls error "Liveness probe will fail" "requires STRICT mTLS"
  httpGet:
 #^^^^^^^ maps: chart Deployment/api spec.template.spec.containers[0].livenessProbe.httpGet key template literal
    path: /healthz
    #     ^^^^^^^^ maps: chart Deployment/api spec.template.spec.containers[0].livenessProbe.httpGet.path value template literal
    port: {{ .Values.port }}
   #^^^^ maps: chart Deployment/api spec.template.spec.containers[0].livenessProbe.httpGet.port value enclosing-key inexact
{{- end }}
