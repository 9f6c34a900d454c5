/*
 * Talking and listening: the big button (hold, or tap to toggle), hands-free voice
 * detection, replies played in order, replay, the language toggle and pairing.
 * Uses the `kiosk` state and `send` from kiosk.js and the screen from screen.js.
 */
"use strict";

const TAP_MS = 350; // A press shorter than this toggles listening instead of holding.
const VAD_START_CHUNKS = 2; // ~200 ms of voice starts a hands-free utterance.
const VAD_QUIET_CHUNKS = 25; // ~2.5 s without voice ends it if the server did not.
const PRE_ROLL_CHUNKS = 6; // ~600 ms sent from before the detected start (soft onsets).

/* Playing replies */

function onAudio(bytes) {
  const header = kiosk.pendingAudio;
  kiosk.pendingAudio = null;
  if (!header) return;
  const buffers = kiosk.turnAudio.get(header.turn);
  const decoded = Mic.decode(bytes);
  kiosk.playQueue = kiosk.playQueue.then(async () => {
    let buffer;
    try {
      buffer = await decoded;
    } catch (error) {
      showNotice(t("noAudioOut"), "info");
      return;
    }
    if (buffers) buffers.push(buffer);
    if (header.turn !== kiosk.lastTurn || kiosk.state !== "speaking") return;
    await playBuffer(buffer);
  });
  render();
}

async function playBuffer(buffer) {
  kiosk.playing = Mic.play(buffer);
  await kiosk.playing.done;
  kiosk.playing = null;
  kiosk.played += 1;
}

function stopPlayback() {
  if (kiosk.playing) kiosk.playing.stop();
}

/* Listening */

async function ensureMic() {
  if (!window.isSecureContext || !navigator.mediaDevices) {
    // Browsers only give the microphone to https:// pages (or localhost).
    showNotice(t("needsHttps"));
    return false;
  }
  try {
    await Mic.start(onChunk);
    return true;
  } catch (error) {
    showNotice(t("micDenied"));
    return false;
  }
}

function startListening() {
  stopPlayback();
  showNotice("");
  if (!send({ type: "start", language: kiosk.language, sample_rate: 16000 })) return false;
  kiosk.vad.spoken = 0;
  setState("listening");
  return true;
}

function stopListening() {
  kiosk.toggleMode = false;
  if (kiosk.state === "listening") {
    send({ type: "stop" });
    setState("thinking");
  }
}

function onChunk(pcm, rms) {
  const vad = kiosk.vad;
  vad.recent.push(pcm);
  if (vad.recent.length > PRE_ROLL_CHUNKS) vad.recent.shift();
  const voiced = rms > Math.max(vad.floor * 3, 400);
  if (!voiced) vad.floor = vad.floor * 0.95 + rms * 0.05; // Track the shop's noise.
  if (kiosk.state === "listening") {
    send(pcm);
    if (voiced) vad.spoken += 1;
    if (kiosk.handsFree) {
      vad.quiet = voiced ? 0 : vad.quiet + 1;
      if (vad.quiet >= VAD_QUIET_CHUNKS) stopListening();
    }
    return;
  }
  if (!kiosk.handsFree || kiosk.state !== "idle") {
    vad.voiced = 0;
    return;
  }
  vad.voiced = voiced ? vad.voiced + 1 : 0;
  if (vad.voiced >= VAD_START_CHUNKS && startListening()) {
    vad.quiet = 0;
    for (const chunk of vad.recent) send(chunk);
    vad.recent = [];
  }
}

async function onPress(event) {
  event.preventDefault();
  Mic.unlock();
  if (!(await ensureMic())) return;
  if (kiosk.state === "speaking") {
    stopPlayback();
  }
  if (kiosk.state === "listening") {
    stopListening(); // Second tap of tap-to-toggle.
    return;
  }
  if (kiosk.state === "idle" || kiosk.state === "speaking") {
    kiosk.pressedAt = performance.now();
    kiosk.toggleMode = false;
    startListening();
  }
}

function onRelease(event) {
  event.preventDefault();
  if (kiosk.state !== "listening" || !kiosk.pressedAt) return;
  const held = performance.now() - kiosk.pressedAt;
  kiosk.pressedAt = 0;
  if (held < TAP_MS) {
    kiosk.toggleMode = true; // A tap: keep listening until the next tap or silence.
  } else {
    stopListening();
  }
}

async function replay() {
  Mic.unlock();
  const buffers = kiosk.turnAudio.get(kiosk.lastTurn) || [];
  stopPlayback();
  setState("speaking");
  kiosk.playQueue = kiosk.playQueue.then(async () => {
    for (const buffer of buffers) await playBuffer(buffer);
    if (kiosk.state === "speaking") setState("idle");
  });
}

function switchLanguage() {
  Mic.unlock();
  kiosk.language = kiosk.language === "zh" ? "en" : "zh";
  localStorage.setItem(LANGUAGE_KEY, kiosk.language);
  if (kiosk.paired) send({ type: "language", language: kiosk.language });
  render();
}

async function toggleHandsFree() {
  Mic.unlock();
  if (!kiosk.handsFree && !(await ensureMic())) return;
  kiosk.handsFree = !kiosk.handsFree;
  render();
}

function pair(event) {
  event.preventDefault();
  Mic.unlock();
  const code = $("pair-code").value.replace(/\D/g, "");
  send({ type: "pair", code, device_name: navigator.userAgent.slice(0, 60) });
}

