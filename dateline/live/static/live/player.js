// Live and Audio Only players.
// The page works without this file: the schedule and a plain stream link are in
// the HTML. With it, the player appears only once the stream answers. When the
// stream stops or fails, the page says the channel is off air and quietly looks
// again, so a reader never meets a broken player.
(() => {
  "use strict";
  const HLS_TYPE = "application/vnd.apple.mpegurl";
  const RETRY_MS = 10000; // off air: look for the stream this often
  const IDLE_MS = 15000; // on air but not playing: check it is still there
  const STALL_MS = 10000; // playing, yet the clock has stood still this long: failed

  watchListing();

  const box = document.querySelector("[data-live-player]");
  if (!box) return;
  const media = box.querySelector("video, audio");
  const status = box.querySelector(".live-status");
  const button = box.querySelector(".play-button");
  const isAudio = media.localName === "audio";
  const native = media.canPlayType(HLS_TYPE) !== "";
  const canHlsJs = Boolean(box.dataset.hls && (window.MediaSource || window.ManagedMediaSource));
  let ready = ""; // the URL the stream answered on
  let attached = ""; // the URL the player is loaded with
  let hls = null; // hls.js, for browsers without native HLS
  let wanted = false; // the reader pressed play: resume after an outage by itself
  let timer = 0;
  let position = -1;
  let movedAt = 0;
  const tails = new Map(); // playlist URL -> {tail, since}: spots a stream that stopped
  const rungs = isAudio ? document.querySelector("[data-audio-rungs]") : null;

  function say(text) {
    if (status.textContent.trim() === text) return;
    status.replaceChildren();
    if (text) {
      const p = document.createElement("p");
      p.className = "off-air";
      p.textContent = text;
      status.append(p);
    }
  }

  async function get(url) {
    const response = await fetch(url, { cache: "no-store" });
    const text = await response.text(); // read even a failure, so the request ends
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { url: response.url, text };
  }

  // A stream this site serves says whether its playlists are up, so an off-air
  // player waits without a failed request every time it looks.
  async function streamIsUp() {
    if (!box.dataset.state) return true;
    const state = JSON.parse((await get(box.dataset.state)).text);
    return Boolean(state[isAudio ? "audio" : "video"]);
  }

  // The browser asks to save data (Save-Data) or reports a slow connection.
  function savingData() {
    const connection = navigator.connection;
    if (!connection) return false;
    return Boolean(connection.saveData) || /^(slow-2g|2g|3g)$/.test(connection.effectiveType || "");
  }

  // The variants a master playlist lists, and whether each carries video.
  function variants(master) {
    const lines = master.text.split(/\r?\n/);
    const found = [];
    lines.forEach((line, index) => {
      if (!line.startsWith("#EXT-X-STREAM-INF:")) return;
      const uri = lines.slice(index + 1).find((next) => next && !next.startsWith("#"));
      const codecs = (line.match(/CODECS="([^"]*)"/) || [])[1] || "";
      const bandwidth = Number((line.match(/BANDWIDTH=(\d+)/) || [])[1] || 0);
      const video = /RESOLUTION=/.test(line) || /avc|hvc|hev|av01|vp0/.test(codecs);
      if (uri) found.push({ url: new URL(uri, master.url).href, bandwidth, video });
    });
    return found.sort((a, b) => a.bandwidth - b.bandwidth);
  }

  // A live playlist whose last segment has not changed for three segments'
  // time belongs to a packager that died without saying so.
  function checkFresh(playlist) {
    const target = Number((playlist.text.match(/#EXT-X-TARGETDURATION:(\d+)/) || [])[1] || 6);
    const tail = playlist.text.trim().split(/\r?\n/).pop();
    const seen = tails.get(playlist.url);
    if (!seen || seen.tail !== tail) {
      tails.set(playlist.url, { tail, since: Date.now() });
    } else if (Date.now() - seen.since > Math.max(3000 * target, RETRY_MS)) {
      throw new Error("stale");
    }
  }

  // Which URL to play, once its playlist shows a stream that is still going.
  async function findStream() {
    if (!(await streamIsUp())) throw new Error("off air");
    let playlist = await get(box.dataset.src || box.dataset.master);
    let play = playlist.url;
    if (playlist.text.includes("#EXT-X-STREAM-INF")) {
      const all = variants(playlist);
      // The audio page takes an audio-only rendition when it has to choose: the
      // smallest when saving data, else the largest.
      const sounds = all.filter((v) => !v.video);
      const pick = isAudio
        ? (savingData() ? sounds[0] : sounds.pop()) || all[0]
        : all.filter((v) => v.video).pop() || all[0];
      if (!pick) throw new Error("empty master playlist");
      if (isAudio && !box.dataset.src) play = pick.url;
      playlist = await get(pick.url);
    }
    // Players start three segments from the live edge; with fewer the stream
    // has only just begun (and some players fail on it), so wait a moment.
    if ((playlist.text.match(/#EXTINF/g) || []).length < 3) throw new Error("starting");
    if (playlist.text.includes("#EXT-X-ENDLIST")) throw new Error("the broadcast has ended");
    checkFresh(playlist);
    return play;
  }

  function loadHlsJs() {
    if (window.Hls) return Promise.resolve(window.Hls.isSupported());
    return new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = box.dataset.hls;
      script.onload = () => resolve(Boolean(window.Hls && window.Hls.isSupported()));
      script.onerror = () => {
        script.remove();
        resolve(false);
      };
      document.head.append(script);
    });
  }

  function detach() {
    if (hls) {
      hls.destroy();
      hls = null;
    }
    if (media.hasAttribute("src")) {
      media.removeAttribute("src");
      media.load();
    }
    attached = "";
  }

  // hls.js is large, so it is fetched only when the reader presses play.
  async function attachHlsJs() {
    const url = ready;
    if (!(await loadHlsJs())) {
      failed();
      return;
    }
    if (url !== ready || attached === url) return;
    hls = new window.Hls({
      // A worker from this site: the strict CSP refuses hls.js's inline (blob:) one.
      workerPath: box.dataset.hlsWorker,
      liveDurationInfinity: true,
    });
    hls.on(window.Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) failed();
    });
    hls.attachMedia(media);
    hls.loadSource(url);
    attached = url;
    button.hidden = true;
    media.hidden = false;
    media.play().catch(() => {});
  }

  function onAir(url) {
    if (url !== ready) detach();
    ready = url;
    say("");
    if (rungs) rungs.hidden = false;
    if (native) {
      if (attached !== url) {
        media.src = url; // preload="none": nothing downloads until play
        attached = url;
      }
      media.hidden = false;
      if (wanted && media.paused) media.play().catch(() => {});
    } else if (!attached) {
      // hls.js is large: it loads when the reader asks to play, or by itself
      // when the stream comes back to a reader who was listening.
      if (wanted) attachHlsJs();
      else button.hidden = false;
    }
  }

  function offAir() {
    detach();
    ready = "";
    media.hidden = true;
    button.hidden = true;
    if (rungs) rungs.hidden = true;
    say(box.dataset.offAir);
  }

  function failed() {
    offAir();
    clearTimeout(timer);
    timer = setTimeout(check, RETRY_MS);
  }

  async function check() {
    clearTimeout(timer);
    // While it plays, the player's own requests and the watchdog tell us enough.
    if (!(attached && !media.paused)) {
      const asked = box.dataset.src;
      try {
        const url = await findStream();
        if (asked !== box.dataset.src) return; // the listener switched rungs meanwhile
        onAir(url);
      } catch {
        if (asked !== box.dataset.src) return;
        failed();
        return;
      }
    }
    timer = setTimeout(check, IDLE_MS);
  }

  button.addEventListener("click", () => {
    wanted = true;
    button.disabled = true;
    attachHlsJs().finally(() => {
      button.disabled = false;
    });
  });
  media.addEventListener("play", () => {
    wanted = true;
    movedAt = Date.now();
  });
  media.addEventListener("pause", () => {
    // Only the reader's own pause: not the one of a player being switched over.
    if (!media.ended && attached) wanted = false;
  });
  media.addEventListener("ended", () => attached && failed());
  media.addEventListener("error", () => attached && failed());

  // Watchdog: a live stream whose clock stops while playing has gone away.
  setInterval(() => {
    if (!attached || media.paused || media.readyState === 0) {
      movedAt = Date.now();
      return;
    }
    if (media.currentTime !== position) {
      position = media.currentTime;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > STALL_MS) {
      failed();
    }
  }, 1000);

  // The listener's choice of rung (standard or data saver): the player plays that
  // rung's own playlist, and a change reloads it, playing on if it was playing.
  function setUpRungs() {
    const choices = [...rungs.querySelectorAll("input[type=radio]")];
    if (!choices.length) return;
    if (savingData()) {
      choices[choices.length - 1].checked = true;
      rungs.querySelector(".rung-note").hidden = false;
    }
    box.dataset.src = (choices.find((choice) => choice.checked) || choices[0]).value;
    rungs.addEventListener("change", (event) => {
      const url = event.target.value;
      if (!url || url === box.dataset.src) return;
      const playing = wanted || (Boolean(attached) && !media.paused);
      box.dataset.src = url;
      detach();
      ready = "";
      wanted = playing;
      check();
    });
  }

  if (native || canHlsJs) {
    if (rungs) setUpRungs();
    check();
  } else {
    // Nothing here can play HLS: point to the stream link instead of a dead player.
    say(box.dataset.unsupported);
  }

  // "On now" changes with the clock, and the page may be a cached copy: fetch the
  // page again when the programme changes and swap in its fresh listing.
  function watchListing() {
    const block = document.querySelector("[data-live-listing]");
    const at = block ? Date.parse(block.dataset.refreshAt || "") : Number.NaN;
    if (Number.isNaN(at)) return;
    // Spread readers' requests; if a cache served the old listing, try again soon.
    const due = at - Date.now();
    const wait = (due > 0 ? due : 30000) + 1000 + Math.random() * 5000;
    setTimeout(
      async () => {
        try {
          const response = await fetch(window.location.href, { cache: "no-cache" });
          const page = new DOMParser().parseFromString(await response.text(), "text/html");
          const fresh = page.querySelector("[data-live-listing]");
          if (response.ok && fresh) block.replaceWith(document.adoptNode(fresh));
        } catch {
          // Offline for a moment: the old listing stays until the next try.
        }
        watchListing();
      },
      Math.min(wait, 2147483647),
    );
  }
})();
