/*
 * The kiosk page: pairing, push-to-talk (hold, or tap to toggle), hands-free mode,
 * live transcript, spoken replies, replay and the language toggle.
 * Talks to the gateway over /ws/kiosk (protocol in docs/contract.md).
 */
"use strict";

const TOKEN_KEY = "zhanggui.deviceToken";
const LANGUAGE_KEY = "zhanggui.language";

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

function send(message) {
  if (kiosk.socket && kiosk.socket.readyState === WebSocket.OPEN) {
    const binary = message instanceof ArrayBuffer || typeof message === "string";
    kiosk.socket.send(binary ? message : JSON.stringify(message));
    return true;
  }
  return false;
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
