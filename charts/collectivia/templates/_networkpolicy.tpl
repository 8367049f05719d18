{{/*
Egress rules by the name of what a pod reaches: kafka, postgresql, keycloak, otel, qdrant,
s3, trino, inference, smtp, huggingface. Deployed pieces are reached by their pods' labels,
external ones by their addresses (CIDRs). A name with no address configured allows nothing.
*/}}
{{- define "collectivia.ipBlockRule" -}}
{{- if .cidrs }}
- to:
    {{- range .cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end }}
{{- end -}}

{{- define "collectivia.podRule" -}}
- to:
    - podSelector:
        matchLabels:
          {{- toYaml .labels | nindent 10 }}
  ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end -}}

{{- define "collectivia.egressTo" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $target := .target -}}
{{- if eq $target "kafka" }}
{{- if $v.kafka.deploy }}
{{ include "collectivia.podRule" (dict "labels" (dict "strimzi.io/cluster" (include "collectivia.kafkaCluster" $root)) "ports" (list 9092)) }}
{{- else }}
{{- include "collectivia.ipBlockRule" (dict "cidrs" $v.kafka.external.egressCidrs "ports" (list 9092 9093)) }}
{{- end }}
{{- else if eq $target "postgresql" }}
{{- if $v.postgresql.deploy }}
{{ include "collectivia.podRule" (dict "labels" (dict "cnpg.io/cluster" (include "collectivia.postgresCluster" $root)) "ports" (list 5432)) }}
{{- else }}
{{- include "collectivia.ipBlockRule" (dict "cidrs" $v.postgresql.external.egressCidrs "ports" (list $v.postgresql.external.port)) }}
{{- end }}
{{- else if eq $target "keycloak" }}
{{- if $v.keycloak.deploy }}
{{ include "collectivia.podRule" (dict "labels" (dict "app.kubernetes.io/name" "keycloak" "app.kubernetes.io/instance" $root.Release.Name) "ports" (list 8080)) }}
{{- /* The tokens' issuer is Keycloak's public https address: reached through the ingress controller. */}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ $v.global.ingressController.namespace }}
  ports:
    - protocol: TCP
      port: 443
{{- else }}
{{- include "collectivia.ipBlockRule" (dict "cidrs" $v.keycloak.external.egressCidrs "ports" (list 443)) }}
{{- end }}
{{- else if eq $target "otel" }}
{{- if $v.otelCollector.deploy }}
{{ include "collectivia.podRule" (dict "labels" (dict "app.kubernetes.io/name" "otel-collector" "app.kubernetes.io/instance" $root.Release.Name) "ports" (list 4317 4318)) }}
{{- end }}
{{- else if eq $target "qdrant" }}
{{- if $v.qdrant.deploy }}
{{ include "collectivia.podRule" (dict "labels" (dict "app.kubernetes.io/name" "qdrant" "app.kubernetes.io/instance" $root.Release.Name) "ports" (list 6333 6334)) }}
{{- else }}
{{- include "collectivia.ipBlockRule" (dict "cidrs" $v.qdrant.external.egressCidrs "ports" (list 6333 6334)) }}
{{- end }}
{{- else if eq $target "s3" }}
{{- include "collectivia.ipBlockRule" (dict "cidrs" $v.objectStorage.egressCidrs "ports" $v.objectStorage.egressPorts) }}
{{- else if eq $target "trino" }}
{{- if $v.trino.deploy }}
{{ include "collectivia.podRule" (dict "labels" (dict "app.kubernetes.io/name" "trino" "app.kubernetes.io/instance" $root.Release.Name) "ports" (list 8080)) }}
{{- end }}
{{- else if eq $target "inference" }}
{{ include "collectivia.podRule" (dict "labels" (dict "app.kubernetes.io/component" "inference" "app.kubernetes.io/instance" $root.Release.Name) "ports" (list 8000)) }}
{{- else if eq $target "smtp" }}
{{- include "collectivia.ipBlockRule" (dict "cidrs" $v.networkPolicy.smtpCidrs "ports" $v.networkPolicy.smtpPorts) }}
{{- else if eq $target "huggingface" }}
{{- include "collectivia.ipBlockRule" (dict "cidrs" $v.networkPolicy.huggingfaceCidrs "ports" (list 443)) }}
{{- else if eq $target "apiserver" }}
{{- include "collectivia.ipBlockRule" (dict "cidrs" $v.networkPolicy.apiServerCidrs "ports" $v.networkPolicy.apiServerPorts) }}
{{- else }}
{{- fail (printf "networkPolicy egress: unknown target %q (kafka, postgresql, keycloak, otel, qdrant, s3, trino, inference, smtp, huggingface, apiserver)" $target) }}
{{- end }}
{{- end -}}

{{- define "collectivia.dnsEgress" -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
  ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
{{- end -}}

{{/* Ingress from the ingress controller's pods. */}}
{{- define "collectivia.fromIngressController" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .Values.global.ingressController.namespace }}
  {{- with .Values.global.ingressController.podLabels }}
  podSelector:
    matchLabels:
      {{- toYaml . | nindent 6 }}
  {{- end }}
{{- end -}}

{{/* Ingress from the scrapers of /metrics: the collector and the monitoring namespace. */}}
{{- define "collectivia.fromScrapers" -}}
{{- if .Values.otelCollector.deploy }}
- podSelector:
    matchLabels:
      app.kubernetes.io/name: otel-collector
      app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .Values.monitoring.prometheusNamespace }}
{{- end -}}

{{/* A component's egress (its pods and its jobs' pods): DNS, its targets, its peers. */}}
{{- define "collectivia.componentEgress" -}}
{{- $root := .root -}}
{{- $np := .component.networkPolicy | default dict -}}
{{ include "collectivia.dnsEgress" $root }}
{{- range ($np.egress | default list) }}
{{- include "collectivia.egressTo" (dict "root" $root "target" .) }}
{{- end }}
{{- range ($np.egressToComponents | default list) }}
{{- $target := index $root.Values.components .component }}
{{- if not $target }}{{ fail (printf "networkPolicy.egressToComponents: no component %q" .component) }}{{ end }}
- to:
    - podSelector:
        matchLabels:
          {{- include "collectivia.selectorLabels" (dict "root" $root "name" .component) | nindent 10 }}
  ports:
    - protocol: TCP
      port: {{ index $target.ports .port }}
{{- end }}
{{- end -}}
