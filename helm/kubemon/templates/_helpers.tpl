{{- define "kubemon.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kubemon.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "kubemon.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "kubemon.labels" -}}
app.kubernetes.io/name: {{ include "kubemon.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "kubemon.collectorName" -}}
{{- printf "%s-collector" (include "kubemon.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kubemon.agentName" -}}
{{- printf "%s-agent" (include "kubemon.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kubemon.secretName" -}}
{{- default (printf "%s-token" (include "kubemon.fullname" .)) .Values.security.existingSecret }}
{{- end }}

{{- define "kubemon.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kubemon.agentName" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kubemon.collectorUrl" -}}
{{- printf "http://%s:%v" (include "kubemon.collectorName" .) .Values.collector.service.port }}
{{- end }}

{{/*
The collector group's members, one URL per StatefulSet replica by its stable name under the
headless Service: what every member is given as kubemon.collector.peers.
*/}}
{{- define "kubemon.collectorPeers" -}}
{{- $name := include "kubemon.collectorName" . -}}
{{- $peers := list -}}
{{- range $i := until (int .Values.collector.replicas) -}}
{{- $peers = append $peers (printf "http://%s-%d.%s-headless.%s.svc:%v" $name $i $name $.Release.Namespace $.Values.collector.port) -}}
{{- end -}}
{{- join "," $peers -}}
{{- end }}
