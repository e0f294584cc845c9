#!/usr/bin/env bash
# Construit l'image de conteneur de Solidarités (deploiement/Containerfile) avec Podman, puis
# l'essaie : migrations sur une base SQLite jetable et serveur de production (Granian) qui doit
# répondre sur /sante/ et / en boucle locale. Pas lancé par la CI (il faut Podman, et plusieurs
# minutes) ; voir docs/exploitation.md, « Image de conteneur ».
#
#   deploiement/construire-image.sh                 # base Debian 12 faite sur place (debootstrap)
#   BASE=docker.io/library/python:3.11-slim-bookworm deploiement/construire-image.sh
#   ESSAYER=0 deploiement/construire-image.sh       # construire seulement
#   CONSTRUIRE=0 IMAGE=localhost/solidarites:1.2 deploiement/construire-image.sh   # essayer seulement
#
# Variables : BASE (image de base ; vide : debootstrap), IMAGE (nom de l'image construite),
# STOCKAGE (pilote de stockage de Podman, vfs par défaut : marche partout, sans overlay),
# CA_SUPPLEMENTAIRE (autorité de certification d'un mandataire HTTPS du réseau, montée pour la
# construction seulement ; par défaut celle du système si SSL_CERT_FILE la désigne), PORT.
# Doit tourner en root (debootstrap, stockage de Podman).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE:-localhost/solidarites:local}
STOCKAGE=${STOCKAGE:-vfs}
BASE_LOCALE=localhost/debian:12-debootstrap
PORT=${PORT:-8000}
ESSAYER=${ESSAYER:-1}
CONSTRUIRE=${CONSTRUIRE:-1}
CA=${CA_SUPPLEMENTAIRE:-${SSL_CERT_FILE:-}}
podman=(podman --storage-driver "$STOCKAGE")
buildah=(buildah --storage-driver "$STOCKAGE")

for outil in podman buildah; do
  command -v "$outil" >/dev/null || { echo "Il manque $outil : apt-get install -y podman buildah" >&2; exit 1; }
done

if [ "$CONSTRUIRE" = 1 ] && [ -z "${BASE:-}" ]; then
  # Sans accès à un registre d'images : une Debian 12 minimale faite depuis les paquets Debian.
  if ! "${podman[@]}" image exists "$BASE_LOCALE"; then
    command -v debootstrap >/dev/null || { echo "Il manque debootstrap : apt-get install -y debootstrap" >&2; exit 1; }
    racine=$(mktemp -d /var/tmp/solidarites-base.XXXXXX)
    trap 'rm -rf "$racine"' EXIT
    debootstrap --variant=minbase bookworm "$racine"
    rm -rf "$racine"/var/cache/apt/archives/*.deb "$racine"/var/lib/apt/lists/*
    tar -C "$racine" --numeric-owner -c . | "${podman[@]}" import - "$BASE_LOCALE"
  fi
  BASE=$BASE_LOCALE
fi

if [ "$CONSTRUIRE" = 1 ]; then
  options=(--isolation chroot --network host --format docker --build-arg "BASE=$BASE")
  if [ -n "$CA" ] && [ -f "$CA" ]; then
    options+=(--volume "$CA:/run/ca-construction.crt:ro" --build-arg CA_CONSTRUCTION=/run/ca-construction.crt)
  fi
  echo "== Construction de $IMAGE sur $BASE"
  "${podman[@]}" build "${options[@]}" -f deploiement/Containerfile -t "$IMAGE" .
fi
"${podman[@]}" image ls "$IMAGE"

[ "$ESSAYER" = 1 ] || exit 0

# Essai : un conteneur de travail (buildah, isolation chroot : marche là où `podman run` ne
# peut pas régler les limites du processus), une base SQLite dans son volume de données.
echo "== Essai de l'image sur 127.0.0.1:$PORT"
conteneur=$("${buildah[@]}" from "$IMAGE")
journal=$(mktemp /tmp/solidarites-image.XXXXXX.log)
serveur=""
nettoyer() {
  # Le serveur a son propre groupe de processus (setsid) : buildah, Granian et ses processus.
  if [ -n "$serveur" ]; then
    kill -TERM -- "-$serveur" 2>/dev/null || true
    wait "$serveur" 2>/dev/null || true
  fi
  "${buildah[@]}" rm "$conteneur" >/dev/null 2>&1 || true
}
trap nettoyer EXIT
cle=$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')
env_essai=(--env "SOLIDARITES_SECRET_KEY=$cle" --env SOLIDARITES_ALLOWED_HOSTS=127.0.0.1
  --env SOLIDARITES_PROCESSUS=1 --env SOLIDARITES_FILS=2)
lancer() { "${buildah[@]}" run --isolation chroot --network host --user solidarites "${env_essai[@]}" "$conteneur" -- "$@"; }
lancer .venv/bin/solidarites migrate --noinput -v0
lancer .venv/bin/solidarites charger_contenus >/dev/null
setsid "${buildah[@]}" run --isolation chroot --network host --user solidarites "${env_essai[@]}" \
  "$conteneur" -- .venv/bin/solidarites servir --hote 127.0.0.1 --port "$PORT" >"$journal" 2>&1 &
serveur=$!
for _ in $(seq 1 180); do
  curl -fsS "http://127.0.0.1:$PORT/sante/" >/dev/null 2>&1 && break
  sleep 1
done
echo "GET /sante/ : $(curl -sS "http://127.0.0.1:$PORT/sante/")"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/")
echo "GET / (derrière un mandataire HTTPS) : $code"
[ "$code" = 200 ] || { echo "Échec ; journal du serveur :" >&2; tail -n 40 "$journal" >&2; exit 1; }
echo "Image $IMAGE construite et essayée."
