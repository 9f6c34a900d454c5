/*
 * The kiosk page: pairing, push-to-talk (hold, or tap to toggle), hands-free mode,
 * live transcript, spoken replies, replay and the language toggle.
 * Talks to the gateway over /ws/kiosk (protocol in docs/contract.md).
 */
"use strict";

const TOKEN_KEY = "zhanggui.deviceToken";
const LANGUAGE_KEY = "zhanggui.language";
const TAP_MS = 350; // A press shorter than this toggles listening instead of holding.
const VAD_START_CHUNKS = 2; // ~200 ms of voice starts a hands-free utterance.
const VAD_QUIET_CHUNKS = 25; // ~2.5 s without voice ends it if the server did not.
const PRE_ROLL_CHUNKS = 6; // ~600 ms sent from before the detected start (soft onsets).

const kiosk = {
  state: "connecting", // connecting | pairing | idle | listening | thinking | speaking
  language: localStorage.getItem(LANGUAGE_KEY) || "zh",
  paired: false,
  shopName: "",
  handsFree: false,
  socket: null,
  retryMs: 500,
  toggleMode: false,
  pressedAt: 0,
  pendingAudio: null, // the header of the binary frame expected next
  turnAudio: new Map(), // turn -> [AudioBuffer]
  lastTurn: 0,
  playing: null,
  playQueue: Promise.resolve(),
  vad: { floor: 300, voiced: 0, quiet: 0, recent: [], spoken: 0 },
  // Read by tests: what the page heard, answered and played.
  heard: "",
  lastEnd: "",
  replies: [],
  played: 0,
  errors: [],
};
window.kiosk = kiosk;

const $ = (id) => document.getElementById(id);
const t = (key) => STRINGS[kiosk.language][key];

function send(message) {
  if (kiosk.socket && kiosk.socket.readyState === WebSocket.OPEN) {
    const binary = message instanceof ArrayBuffer || typeof message === "string";
    kiosk.socket.send(binary ? message : JSON.stringify(message));
    return true;
  }
  return false;
}

/* Screen */

function render() {
  document.documentElement.lang = kiosk.language === "zh" ? "zh-CN" : "en";
  document.body.dataset.state = kiosk.state;
  $("title").textContent = t("title");
  $("shop").textContent = kiosk.shopName ? t("pairedAs") + kiosk.shopName : "";
  $("language").textContent = t("switchLanguage");
  $("replay").textContent = t("replay");
  $("hands-free").textContent = kiosk.handsFree ? t("handsFreeOn") : t("handsFree");
  $("hands-free").setAttribute("aria-pressed", String(kiosk.handsFree));
  $("pair-title").textContent = t("pairTitle");
  $("pair-hint").textContent = t("pairHint");
  $("pair-button").textContent = t("pairButton");
  $("pairing").hidden = kiosk.state !== "pairing";
  $("talk-area").hidden = kiosk.state === "pairing";
  const labels = {
    connecting: [t("connecting"), ""],
    idle: [t("hold"), t("holdHint")],
    listening: [t("listening"), t("listeningHint")],
    thinking: [t("thinking"), ""],
    speaking: [t("speaking"), t("speakingHint")],
    pairing: ["", ""],
  };
  const [label, hint] = labels[kiosk.state] || labels.idle;
  $("talk-label").textContent = label;
  $("talk-hint").textContent = kiosk.handsFree && kiosk.state === "idle" ? "" : hint;
  $("replay").disabled = !kiosk.turnAudio.get(kiosk.lastTurn);
  $("talk").disabled = kiosk.state === "connecting";
}

function setState(state) {
  kiosk.state = state;
  render();
}

function showNotice(text, kind = "error") {
  const notice = $("notice");
  notice.textContent = text;
  notice.className = kind;
  notice.hidden = !text;
}

function bubble(kind, text) {
  const log = $("log");
  const item = document.createElement("div");
  item.className = `bubble ${kind}`;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = kind === "you" ? t("you") : t("bot");
  const words = document.createElement("span");
  words.className = "words";
  words.textContent = text;
  item.append(who, words);
  log.append(item);
  while (log.children.length > 12) log.firstElementChild.remove();
  item.scrollIntoView({ block: "end" });
  return item;
}

function partialBubble() {
  let item = $("log").querySelector(".bubble.you.partial");
  if (!item) {
    item = bubble("you", "");
    item.classList.add("partial");
  }
  return item;
}

/* Connection */

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/kiosk`);
  socket.binaryType = "arraybuffer";
  kiosk.socket = socket;
  setState("connecting");
  socket.onopen = () => {
    kiosk.retryMs = 500;
    showNotice("");
    // The token travels in the first message, never in the URL (URLs end up in logs).
    send({ type: "hello", device_token: localStorage.getItem(TOKEN_KEY) });
  };
  socket.onmessage = (event) => {
    if (typeof event.data === "string") {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      onEvent(message);
    } else {
      onAudio(event.data);
    }
  };
  socket.onclose = () => {
    if (kiosk.socket !== socket) return;
    kiosk.socket = null;
    showNotice(t("offline"));
    setState("connecting");
    setTimeout(connect, kiosk.retryMs);
    kiosk.retryMs = Math.min(kiosk.retryMs * 2, 10000);
  };
}

function onEvent(message) {
  switch (message.type) {
    case "ready":
      kiosk.paired = message.paired;
      if (message.forget_token) localStorage.removeItem(TOKEN_KEY);
      if (message.paired) {
        if (message.language && !localStorage.getItem(LANGUAGE_KEY)) {
          kiosk.language = message.language;
        }
        kiosk.shopName = message.shop_name || "";
        setState("idle");
      } else {
        setState("pairing");
      }
      break;
    case "paired":
      localStorage.setItem(TOKEN_KEY, message.device_token);
      showNotice("");
      break;
    case "listening":
      break;
    case "partial":
      partialBubble().querySelector(".words").textContent = message.text;
      break;
    case "end":
      kiosk.lastEnd = message.reason;
      kiosk.toggleMode = false;
      if (kiosk.state === "listening") setState("thinking");
      break;
    case "final": {
      const item = partialBubble();
      item.classList.remove("partial");
      if (message.text) {
        item.querySelector(".words").textContent = message.text;
        kiosk.heard = message.text;
        setState("thinking");
      } else {
        item.remove();
        setState("idle");
      }
      break;
    }
    case "thinking":
      break;
    case "reply":
      kiosk.lastTurn = message.turn;
      kiosk.turnAudio.set(message.turn, []);
      if (message.language && message.language !== kiosk.language) {
        // The owner asked the assistant itself to switch ("speak English").
        kiosk.language = message.language;
        localStorage.setItem(LANGUAGE_KEY, kiosk.language);
      }
      for (const text of message.texts) bubble("bot", text);
      kiosk.replies.push(message.texts);
      setState(message.texts.length ? "speaking" : "idle");
      break;
    case "audio":
      kiosk.pendingAudio = message;
      break;
    case "audio_unavailable":
      showNotice(t("noAudioOut"), "info");
      break;
    case "done":
      kiosk.playQueue.then(() => {
        if (kiosk.state === "speaking" && kiosk.lastTurn === message.turn) {
          setState("idle");
        }
      });
      break;
    case "error":
      kiosk.errors.push(message.code);
      // Hands-free hears the shop's noise now and then; that is not worth a notice.
      if (kiosk.handsFree && message.code === "no_speech") {
        setState("idle");
        break;
      }
      showNotice((STRINGS[kiosk.language].errors[message.code]) ||
        STRINGS[kiosk.language].errors.default);
      if (["listening", "thinking"].includes(kiosk.state)) setState("idle");
      if (message.code === "not_paired") setState("pairing");
      break;
    default:
      break; // Newer gateways may send more; ignore what we don't know.
  }
}

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

/* Talking */

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

function setup() {
  const talk = $("talk");
  talk.addEventListener("pointerdown", onPress);
  talk.addEventListener("pointerup", onRelease);
  talk.addEventListener("pointercancel", onRelease);
  talk.addEventListener("pointerleave", onRelease);
  talk.addEventListener("contextmenu", (event) => event.preventDefault());
  // Keyboard: space or enter held works like the button.
  talk.addEventListener("keydown", (event) => {
    if ((event.key === " " || event.key === "Enter") && !event.repeat) onPress(event);
  });
  talk.addEventListener("keyup", (event) => {
    if (event.key === " " || event.key === "Enter") onRelease(event);
  });
  $("replay").addEventListener("click", replay);
  $("language").addEventListener("click", switchLanguage);
  $("hands-free").addEventListener("click", toggleHandsFree);
  $("pair-form").addEventListener("submit", pair);
  render();
  connect();
}

document.addEventListener("DOMContentLoaded", setup);
