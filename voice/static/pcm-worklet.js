/*
 * Microphone capture for the kiosk: resample whatever rate the AudioContext runs at
 * (44.1 kHz headless, 48 kHz on most tablets: never assume) to 16 kHz Int16 PCM.
 *
 * This one file serves two worlds: loaded with audioWorklet.addModule() it registers
 * the "pcm16-capture" processor; loaded with a <script> tag it only defines
 * Pcm16Resampler for the ScriptProcessor fallback (older Safari).
 */
"use strict";

/* Windowed-sinc resampler to 16 kHz: low-pass below 8 kHz so nothing aliases. */
class Pcm16Resampler {
  constructor(inputRate, outputRate = 16000, halfTaps = 16) {
    this.step = inputRate / outputRate; // input samples per output sample
    this.cutoff = Math.min(1, outputRate / inputRate) * 0.92;
    this.halfTaps = halfTaps;
    this.history = new Float32Array(0); // input not yet consumed, plus context
    this.position = halfTaps; // next output position, in history samples
  }

  kernel(x) {
    if (x === 0) return this.cutoff;
    const width = this.halfTaps;
    if (Math.abs(x) >= width) return 0;
    const sinc = Math.sin(Math.PI * this.cutoff * x) / (Math.PI * x);
    const blackman = 0.42 + 0.5 * Math.cos((Math.PI * x) / width) +
      0.08 * Math.cos((2 * Math.PI * x) / width);
    return sinc * blackman;
  }

  /* Float32 samples in [-1, 1] at the input rate -> Int16Array at 16 kHz. */
  process(input) {
    const joined = new Float32Array(this.history.length + input.length);
    joined.set(this.history, 0);
    joined.set(input, this.history.length);
    const out = [];
    const width = this.halfTaps;
    while (this.position + width < joined.length) {
      const centre = Math.floor(this.position);
      const frac = this.position - centre;
      let sum = 0;
      for (let k = -width + 1; k <= width; k++) {
        sum += joined[centre + k] * this.kernel(k - frac);
      }
      const clipped = Math.max(-1, Math.min(1, sum));
      out.push(clipped < 0 ? clipped * 0x8000 : clipped * 0x7fff);
      this.position += this.step;
    }
    // Keep what later outputs still need; shift the position with it.
    const keepFrom = Math.max(0, Math.floor(this.position) - width);
    this.history = joined.slice(keepFrom);
    this.position -= keepFrom;
    return Int16Array.from(out);
  }
}

/* Collects ~100 ms of 16 kHz audio per message, with its level for the page's VAD. */
class ChunkCollector {
  constructor(inputRate, samplesPerChunk = 1600) {
    this.resampler = new Pcm16Resampler(inputRate);
    this.size = samplesPerChunk;
    this.buffer = new Int16Array(samplesPerChunk);
    this.filled = 0;
  }

  /* Returns a list of {pcm: ArrayBuffer, rms: number} ready to send. */
  push(floatSamples) {
    const ready = [];
    const pcm = this.resampler.process(floatSamples);
    let offset = 0;
    while (offset < pcm.length) {
      const take = Math.min(this.size - this.filled, pcm.length - offset);
      this.buffer.set(pcm.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.size) {
        let energy = 0;
        for (let i = 0; i < this.size; i++) energy += this.buffer[i] * this.buffer[i];
        ready.push({ pcm: this.buffer.buffer, rms: Math.sqrt(energy / this.size) });
        this.buffer = new Int16Array(this.size);
        this.filled = 0;
      }
    }
    return ready;
  }
}

if (typeof AudioWorkletProcessor !== "undefined") {
  class Pcm16CaptureProcessor extends AudioWorkletProcessor {
    constructor() {
      super();
      // `sampleRate` is the AudioWorkletGlobalScope's: the context's real rate.
      this.collector = new ChunkCollector(sampleRate);
    }

    process(inputs) {
      const channel = inputs[0] && inputs[0][0];
      if (channel) {
        for (const chunk of this.collector.push(channel)) {
          this.port.postMessage(chunk, [chunk.pcm]);
        }
      }
      return true;
    }
  }
  registerProcessor("pcm16-capture", Pcm16CaptureProcessor);
} else if (typeof window !== "undefined") {
  window.Pcm16Resampler = Pcm16Resampler;
  window.ChunkCollector = ChunkCollector;
}
