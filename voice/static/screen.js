/*
 * What the kiosk shows: labels in the current language, the state of the big
 * button, notices and the conversation bubbles. Reads the `kiosk` state object
 * defined in kiosk.js (loaded after this file; these run only once it exists).
 */
"use strict";

const $ = (id) => document.getElementById(id);
const t = (key) => STRINGS[kiosk.language][key];

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

