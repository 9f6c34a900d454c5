/*
 * Microphone -> 16 kHz Int16 chunks of ~100 ms, via an AudioWorklet where there is one
 * and a ScriptProcessor where there is not (older Safari). Also unlocks audio output:
 * call Mic.unlock() from a user gesture (a tap) before anything should play.
 */
"use strict";

const Mic = (() => {
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  let context = null;
  let source = null;
  let node = null;
  let started = null; // promise of the running capture graph

  function audioContext() {
    if (!context) {
      context = new AudioContextClass();
    }
    return context;
  }

  /* Must run inside a user gesture: resumes the context and plays one silent sample. */
  function unlock() {
    const ctx = audioContext();
    if (ctx.state === "suspended") ctx.resume();
    const silent = ctx.createBuffer(1, 1, ctx.sampleRate);
    const player = ctx.createBufferSource();
    player.buffer = silent;
    player.connect(ctx.destination);
    player.start(0);
    return ctx;
  }

  async function startWorklet(ctx, onChunk) {
    await ctx.audioWorklet.addModule("/static/pcm-worklet.js");
    const worklet = new AudioWorkletNode(ctx, "pcm16-capture", {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      channelCount: 1,
      channelCountMode: "explicit",
    });
    worklet.port.onmessage = (event) => onChunk(event.data.pcm, event.data.rms);
    return worklet;
  }

  function startScriptProcessor(ctx, onChunk) {
    const collector = new window.ChunkCollector(ctx.sampleRate);
    const processor = ctx.createScriptProcessor(4096, 1, 1);
    processor.onaudioprocess = (event) => {
      const samples = event.inputBuffer.getChannelData(0);
      for (const chunk of collector.push(samples)) onChunk(chunk.pcm, chunk.rms);
    };
    return processor;
  }

  /* Opens the microphone once; onChunk(ArrayBuffer int16@16k, rms) runs ~10x a second. */
  function start(onChunk) {
    if (started) return started;
    started = (async () => {
      const ctx = audioContext();
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          channelCount: 1,
          // Recognisers want the raw signal; these filters distort it.
          echoCancellation: false,
          noiseSuppression: false,
          autoGainControl: false,
        },
      });
      source = ctx.createMediaStreamSource(stream);
      const useWorklet = ctx.audioWorklet && typeof AudioWorkletNode !== "undefined";
      node = useWorklet
        ? await startWorklet(ctx, onChunk)
        : startScriptProcessor(ctx, onChunk);
      // A ScriptProcessor only runs when connected to the output; mute that path.
      const mute = ctx.createGain();
      mute.gain.value = 0;
      source.connect(node);
      node.connect(mute);
      mute.connect(ctx.destination);
      return { sampleRate: ctx.sampleRate, worklet: useWorklet };
    })();
    started.catch(() => {
      started = null;
    });
    return started;
  }

  /* Decodes a WAV/MP3 ArrayBuffer into an AudioBuffer for playback. */
  function decode(bytes) {
    const ctx = audioContext();
    return new Promise((resolve, reject) => {
      // Old Safari only has the callback form.
      const result = ctx.decodeAudioData(bytes, resolve, reject);
      if (result && result.then) result.then(resolve, reject);
    });
  }

  /* Plays an AudioBuffer; resolves when it ends or is stopped. Returns {done, stop}. */
  function play(buffer) {
    const ctx = audioContext();
    const player = ctx.createBufferSource();
    player.buffer = buffer;
    player.connect(ctx.destination);
    const done = new Promise((resolve) => {
      player.onended = () => resolve();
    });
    player.start(0);
    return {
      done,
      stop: () => {
        try {
          player.stop();
        } catch (error) {
          /* already stopped */
        }
      },
    };
  }

  return { unlock, start, decode, play };
})();
