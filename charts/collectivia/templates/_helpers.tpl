{{/*
Names, labels, pod security and the environment every service shares. Most helpers take
a dict: root (the chart's context) and name (a component or platform piece).
*/}}

{{- define "collectivia.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "collectivia.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* role: service | inference | platform | job */}}
{{- define "collectivia.labels" -}}
{{ include "collectivia.selectorLabels" . }}
app.kubernetes.io/part-of: collectivia
app.kubernetes.io/component: {{ .role }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Every pod of the suite, for the network policies' "the suite's pods". */}}
{{- define "collectivia.suiteSelector" -}}
app.kubernetes.io/part-of: collectivia
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* A component's image: a mirror registry (global.image.registry) prefixes it. */}}
{{- define "collectivia.image" -}}
{{- $tag := .image.tag | default .root.Values.global.image.tag -}}
{{- if .root.Values.global.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.global.image.registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Pod security "restricted": the pod's part. uid: optional override (platform images). */}}
{{- define "collectivia.podSecurityContext" -}}
{{- $ps := .root.Values.global.podSecurity -}}
runAsNonRoot: true
runAsUser: {{ .uid | default $ps.runAsUser }}
runAsGroup: {{ .gid | default .uid | default $ps.runAsGroup }}
fsGroup: {{ .gid | default .uid | default $ps.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Pod security "restricted": each container's part. */}}
{{- define "collectivia.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Everything but inference stays off the GPU pool. */}}
{{- define "collectivia.cpuAffinity" -}}
nodeAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    nodeSelectorTerms:
      - matchExpressions:
          - key: {{ .Values.global.nodePools.labelKey }}
            operator: NotIn
            values: [{{ .Values.global.nodePools.gpu.value | quote }}]
{{- end -}}

{{/* Spread across zones (values-production.yaml), for one component's pods. */}}
{{- define "collectivia.topologySpread" -}}
{{- $spread := .root.Values.global.topologySpread -}}
{{- if $spread.enabled }}
topologySpreadConstraints:
  - maxSkew: {{ $spread.maxSkew }}
    topologyKey: {{ $spread.topologyKey }}
    whenUnsatisfiable: {{ $spread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "collectivia.selectorLabels" . | nindent 8 }}
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "collectivia.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end -}}

{{- define "collectivia.kafkaCluster" -}}
{{- .Values.kafka.clusterName | default (printf "%s-kafka" .Release.Name) -}}
{{- end -}}

{{- define "collectivia.kafkaBootstrap" -}}
{{- if .Values.kafka.deploy -}}
{{- printf "%s-kafka-bootstrap:9092" (include "collectivia.kafkaCluster" .) -}}
{{- else -}}
{{- .Values.kafka.external.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{- define "collectivia.keycloakHostname" -}}
{{- .Values.keycloak.hostname | default (printf "auth.%s" .Values.global.publicHost) -}}
{{- end -}}

{{- define "collectivia.keycloakAdminHostname" -}}
{{- .Values.keycloak.adminHostname | default (printf "auth.%s" .Values.global.intranetHost) -}}
{{- end -}}

{{- define "collectivia.keycloakUrl" -}}
{{- if .Values.keycloak.deploy -}}
{{- printf "https://%s" (include "collectivia.keycloakHostname" .) -}}
{{- else -}}
{{- .Values.keycloak.external.url -}}
{{- end -}}
{{- end -}}

{{- define "collectivia.postgresCluster" -}}
{{- .Values.postgresql.clusterName | default (printf "%s-postgresql" .Release.Name) -}}
{{- end -}}

{{- define "collectivia.postgresHost" -}}
{{- if .Values.postgresql.deploy -}}
{{- printf "%s-rw:5432" (include "collectivia.postgresCluster" .) -}}
{{- else -}}
{{- printf "%s:%v" .Values.postgresql.external.host .Values.postgresql.external.port -}}
{{- end -}}
{{- end -}}

{{/* The host of an exposure rule: ingress is "public" or "intranet". */}}
{{- define "collectivia.ruleHost" -}}
{{- $base := ternary .root.Values.global.publicHost .root.Values.global.intranetHost (eq .ingress "public") -}}
{{- if .rule.subdomain -}}{{ printf "%s.%s" .rule.subdomain $base }}{{- else -}}{{ $base }}{{- end -}}
{{- end -}}

{{/*
A component's environment: the shared platform settings, its own plain settings (through
tpl), its secrets (secretKeyRef only), its databases' URLs composed from a password kept in a
Secret (Kubernetes expands $(VAR) of earlier variables; the password must be URL-safe, as
CloudNativePG's generated ones are) and the lake's object storage. Takes root, name and component.
*/}}
{{- define "collectivia.componentEnv" -}}
{{- $root := .root -}}
{{- $c := .component -}}
{{- if eq $c.role "service" }}
- name: COLLECTIVIA_ENVIRONMENT
  value: {{ $root.Values.global.environment | quote }}
- name: COLLECTIVIA_KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "collectivia.kafkaBootstrap" $root | quote }}
{{- if not $root.Values.kafka.deploy }}
- name: COLLECTIVIA_KAFKA_SECURITY_PROTOCOL
  value: {{ $root.Values.kafka.external.securityProtocol | quote }}
{{- end }}
{{- if $root.Values.kafka.topicPrefix }}
- name: COLLECTIVIA_KAFKA_TOPIC_PREFIX
  value: {{ $root.Values.kafka.topicPrefix | quote }}
{{- end }}
- name: COLLECTIVIA_KEYCLOAK_URL
  value: {{ include "collectivia.keycloakUrl" $root | quote }}
- name: COLLECTIVIA_KEYCLOAK_REALM
  value: {{ $root.Values.keycloak.realm | quote }}
{{- if $root.Values.otelCollector.deploy }}
- name: COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT
  value: {{ printf "http://%s:4317" (include "collectivia.fullname" (dict "root" $root "name" "otel-collector")) | quote }}
{{- end }}
- name: {{ $c.settingsPrefix }}HTTP_HOST
  value: "0.0.0.0"
- name: {{ $c.settingsPrefix }}HTTP_PORT
  value: {{ $c.ports.http | quote }}
{{- if $c.ports.grpc }}
- name: {{ $c.settingsPrefix }}GRPC_PORT
  value: {{ $c.ports.grpc | quote }}
{{- end }}
{{- if $root.Values.global.internalTls.enabled }}
- name: SSL_CERT_FILE
  value: /tmp/ca-bundle.pem
{{- end }}
{{- range $key, $value := $root.Values.serviceEnv }}
- name: {{ $key }}
  value: {{ tpl (toString $value) $root | quote }}
{{- end }}
{{- end }}
{{- $env := deepCopy ($c.env | default dict) }}
{{- range $job := $root.Values.jobs }}
{{- if and $job.enabled (eq $job.component $.name) }}
{{- $env = merge $env ($job.componentEnv | default dict) }}
{{- end }}
{{- end }}
{{- range $key, $value := $env }}
- name: {{ $key }}
  value: {{ tpl (toString $value) $root | quote }}
{{- end }}
{{- range $c.secretEnv }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secretName }}
      key: {{ .key }}
{{- end }}
{{- range $i, $db := $c.databases }}
- name: {{ printf "COLLECTIVIA_DATABASE_PASSWORD_%d" $i }}
  valueFrom:
    secretKeyRef:
      name: {{ $db.passwordSecret }}
      key: {{ $db.passwordKey | default "password" }}
- name: {{ $db.env }}
  value: {{ printf "%s://%s:$(COLLECTIVIA_DATABASE_PASSWORD_%d)@%s/%s" $db.driver $db.user $i (include "collectivia.postgresHost" $root) $db.database | quote }}
{{- end }}
{{- if $c.objectStorage }}
{{- $s3 := $root.Values.objectStorage }}
- name: {{ $c.settingsPrefix }}WAREHOUSE
  value: {{ $s3.warehouse | quote }}
- name: {{ $c.settingsPrefix }}S3_ENDPOINT
  value: {{ $s3.endpoint | quote }}
- name: {{ $c.settingsPrefix }}S3_REGION
  value: {{ $s3.region | quote }}
- name: {{ $c.settingsPrefix }}S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $s3.credentialsSecret }}
      key: {{ $s3.accessKeyIdKey }}
- name: {{ $c.settingsPrefix }}S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.credentialsSecret }}
      key: {{ $s3.secretAccessKeyKey }}
{{- end }}
{{- end -}}

{{/* The writable places of a read-only root: /tmp, and /data (emptyDir or PVC). */}}
{{- define "collectivia.componentVolumes" -}}
{{- $c := .component -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ ternary "8Gi" "1Gi" (not (empty $c.gpu)) }}
{{- if eq $c.role "service" }}
- name: data
{{- if and $c.persistence $c.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ include "collectivia.fullname" (dict "root" .root "name" .name) }}-data
{{- else }}
  emptyDir:
    sizeLimit: 4Gi
{{- end }}
{{- end }}
{{- if include "collectivia.trustsInternalCa" . }}
{{ include "collectivia.internalCaVolume" .root }}
{{- end }}
{{- if include "collectivia.servesTls" . }}
- name: tls
  secret:
    secretName: {{ $c.tls.secretName }}
{{- end }}
{{- if $c.gpu }}
- name: shm
  emptyDir:
    medium: Memory
    sizeLimit: {{ $c.gpu.shmSize }}
- name: model-cache
{{- if (eq $c.gpu.modelCache.type "persistentVolumeClaim") }}
  persistentVolumeClaim:
    claimName: {{ include "collectivia.fullname" (dict "root" .root "name" .name) }}-models
{{- else }}
  emptyDir:
    sizeLimit: {{ $c.gpu.modelCache.size }}
{{- end }}
{{- end }}
{{- include "collectivia.extraVolumes" $c }}
{{- end -}}

{{/* A component's extraVolumes, a map: volume name -> any volume source (configMap,
persistentVolumeClaim, secret...). Takes the component. */}}
{{- define "collectivia.extraVolumes" -}}
{{- range $volume, $source := .extraVolumes }}
- name: {{ $volume }}
  {{- toYaml $source | nindent 2 }}
{{- end }}
{{- end -}}

{{/* A component's extraVolumeMounts, a map: volume name -> {mountPath, subPath}; always
read-only (the root file system is, and what a collectivity provides is reference data). */}}
{{- define "collectivia.extraVolumeMounts" -}}
{{- $volumes := .extraVolumes | default dict }}
{{- range $volume, $mount := .extraVolumeMounts }}
{{- if not (hasKey $volumes $volume) }}
{{- fail (printf "extraVolumeMounts.%s: no such entry in extraVolumes" $volume) }}
{{- end }}
- name: {{ $volume }}
  mountPath: {{ $mount.mountPath }}
  {{- with $mount.subPath }}
  subPath: {{ . }}
  {{- end }}
  readOnly: true
{{- end }}
{{- end -}}

{{- define "collectivia.componentVolumeMounts" -}}
{{- $c := .component -}}
- name: tmp
  mountPath: /tmp
{{- if eq $c.role "service" }}
- name: data
  mountPath: {{ ($c.persistence).mountPath | default "/data" }}
{{- end }}
{{- if include "collectivia.servesTls" . }}
- name: tls
  mountPath: /etc/collectivia/tls
  readOnly: true
{{- end }}
{{- if $c.gpu }}
- name: shm
  mountPath: /dev/shm
- name: model-cache
  mountPath: /models
{{- end }}
{{- include "collectivia.extraVolumeMounts" $c }}
{{- end -}}

{{/* An HTTP probe on the component's http port (https when it serves TLS). */}}
{{- define "collectivia.httpProbe" -}}
httpGet:
  path: {{ .probe.path }}
  port: http
  {{- if .https }}
  scheme: HTTPS
  {{- end }}
periodSeconds: {{ .probe.periodSeconds | default 10 }}
failureThreshold: {{ .probe.failureThreshold | default 3 }}
timeoutSeconds: {{ .probe.timeoutSeconds | default 3 }}
{{- end -}}

{{/* Does this component serve TLS inside the cluster? */}}
{{- define "collectivia.servesTls" -}}
{{- if and .root.Values.global.internalTls.enabled .component.tls }}true{{ end -}}
{{- end -}}

{{/* Does this component trust the internal CA (a service, with internal TLS on)? */}}
{{- define "collectivia.trustsInternalCa" -}}
{{- if and .root.Values.global.internalTls.enabled (eq .component.role "service") }}true{{ end -}}
{{- end -}}

{{/*
The services' trusted CAs with internal TLS: the public ones their libraries trust
(certifi's) and the internal CA, in one file on /tmp (SSL_CERT_FILE, which httpx reads).
*/}}
{{- define "collectivia.caBundleInitContainer" -}}
- name: ca-bundle
  image: {{ include "collectivia.image" (dict "root" .root "image" .component.image) | quote }}
  imagePullPolicy: {{ .root.Values.global.image.pullPolicy }}
  command:
    - python
    - -c
    - |
      import pathlib, certifi
      bundle = pathlib.Path(certifi.where()).read_text() + pathlib.Path("/etc/collectivia/internal-ca/ca.crt").read_text()
      pathlib.Path("/tmp/ca-bundle.pem").write_text(bundle)
  securityContext:
    {{- include "collectivia.containerSecurityContext" . | nindent 4 }}
  resources:
    requests: {cpu: 50m, memory: 64Mi}
    limits: {cpu: 200m, memory: 128Mi}
  volumeMounts:
    - name: tmp
      mountPath: /tmp
    - name: internal-ca
      mountPath: /etc/collectivia/internal-ca
      readOnly: true
{{- end -}}

{{- define "collectivia.internalCaVolume" -}}
- name: internal-ca
  secret:
    secretName: {{ .Values.global.internalTls.caSecretName }}
    items:
      - key: {{ .Values.global.internalTls.caKey }}
        path: ca.crt
{{- end -}}
