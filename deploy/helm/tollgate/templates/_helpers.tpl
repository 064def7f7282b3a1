{{/* Names and labels shared by every template. */}}

{{- define "tollgate.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tollgate.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tollgate.labels" -}}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "tollgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tollgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tollgate.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "tollgate.secretName" -}}
{{- default (include "tollgate.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{/*
The secret key, base64-encoded for the Secret's data: the one given, else the one already installed (so an upgrade
never changes the key that sealed the stored secrets), else 32 new random bytes.
*/}}
{{- define "tollgate.secretKey" -}}
{{- if .Values.auth.secretKey -}}
{{- $raw := b64dec .Values.auth.secretKey -}}
{{- if ne (len $raw) 32 -}}
{{- fail "auth.secretKey must be base64 of exactly 32 bytes (head -c32 /dev/urandom | base64)" -}}
{{- end -}}
{{- .Values.auth.secretKey | b64enc -}}
{{- else -}}
{{- $installed := lookup "v1" "Secret" .Release.Namespace (include "tollgate.fullname" .) -}}
{{- $data := dig "data" dict ($installed | default dict) -}}
{{- index $data .Values.secretKeys.secretKey | default (randBytes 32 | b64enc) -}}
{{- end -}}
{{- end -}}

{{- define "tollgate.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The pod spec both Deployments share; call with (dict "root" $ "component" "api|worker" "args" LIST). */}}
{{- define "tollgate.podSpec" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
serviceAccountName: {{ include "tollgate.serviceAccountName" $root }}
automountServiceAccountToken: {{ and (eq .component "api") $values.admission.enabled }}
securityContext:
  {{- toYaml $values.podSecurityContext | nindent 2 }}
{{- with $values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
containers:
  - name: tollgate
    image: {{ include "tollgate.image" $root }}
    imagePullPolicy: {{ $values.image.pullPolicy }}
    args:
      {{- toYaml .args | nindent 6 }}
    ports:
      - {name: http, containerPort: 8080, protocol: TCP}
      {{- if and (eq .component "api") $values.admission.enabled }}
      - {name: https, containerPort: 8443, protocol: TCP}
      {{- end }}
    env:
      - name: TOLLGATE_ADMIN_KEY
        valueFrom:
          secretKeyRef: {name: {{ include "tollgate.secretName" $root }}, key: {{ $values.secretKeys.adminKey }}}
      - name: TOLLGATE_STORE
        valueFrom:
          secretKeyRef: {name: {{ include "tollgate.secretName" $root }}, key: {{ $values.secretKeys.storeUrl }}}
      - name: TOLLGATE_SECRET_KEY
        valueFrom:
          secretKeyRef: {name: {{ include "tollgate.secretName" $root }}, key: {{ $values.secretKeys.secretKey }}}
    envFrom:
      - configMapRef: {name: {{ include "tollgate.fullname" $root }}}
    livenessProbe:
      httpGet: {path: /health, port: http}
      {{- toYaml $values.probes.liveness | nindent 6 }}
    readinessProbe:
      httpGet: {path: /ready, port: http}
      {{- toYaml $values.probes.readiness | nindent 6 }}
    resources:
      {{- toYaml (index $values .component).resources | nindent 6 }}
    securityContext:
      {{- toYaml $values.securityContext | nindent 6 }}
    volumeMounts:
      - {name: data, mountPath: /var/lib/tollgate}
      - {name: tmp, mountPath: /tmp}
      {{- if and (eq .component "api") $values.admission.enabled }}
      - {name: webhook-tls, mountPath: /etc/tollgate/tls, readOnly: true}
      - {name: admission-config, mountPath: /etc/tollgate/admission, readOnly: true}
      {{- end }}
volumes:
  - name: data
    emptyDir: {sizeLimit: {{ $values.dataVolume.sizeLimit }}}
  - name: tmp
    emptyDir: {sizeLimit: 1Gi}
  {{- if and (eq .component "api") $values.admission.enabled }}
  - name: webhook-tls
    secret: {secretName: {{ $values.admission.tls.secretName }}}
  - name: admission-config
    configMap: {name: {{ include "tollgate.fullname" $root }}-admission}
  {{- end }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* `tollgate serve` arguments common to both Deployments: listen address, store, then the user's. */}}
{{- define "tollgate.serveArgs" -}}
{{- $urls := "http://0.0.0.0:8080" -}}
{{- if and (eq .component "api") .root.Values.admission.enabled -}}
{{- $urls = "http://0.0.0.0:8080;https://0.0.0.0:8443" -}}
{{- end -}}
{{- $args := list "serve" "--urls" $urls "--store" "$(TOLLGATE_STORE)" -}}
{{- if and (eq .component "api") .root.Values.admission.enabled -}}
{{- $args = concat $args .root.Values.admission.tlsArgs (list "--admission-config" "/etc/tollgate/admission/admission.yaml") -}}
{{- end -}}
{{- if eq .component "worker" -}}
{{- $args = append $args "--workers-only" -}}
{{- else if gt (int .root.Values.worker.replicas) 0 -}}
{{- $args = append $args "--no-workers" -}}
{{- end -}}
{{- $args = concat $args .root.Values.extraArgs (index .root.Values .component).extraArgs -}}
{{- toYaml $args -}}
{{- end -}}
