// The workspace's one script (assess serve): live updates, the editor and next year. Pages read without it;
// edits need it. It sets text only through textContent, never as markup: what the server says is shown as text.
"use strict";

(() => {
  const body = document.body;
  const token = document.querySelector('meta[name="assess-token"]')?.getAttribute("content") ?? "";
  const page = body.dataset.page;
  const file = body.dataset.file;
  const liveState = document.getElementById("live-state");

  /** Frames show whole outputs: each as tall as its content, so that the page scrolls, not the frame. */
  function fitFrames(root) {
    const frames = [...root.querySelectorAll("iframe")];
    return Promise.all(
      frames.map(
        (frame) =>
          new Promise((resolve) => {
            const fit = () => {
              try {
                const height = frame.contentDocument?.documentElement?.scrollHeight;
                if (height) frame.style.height = `${height + 4}px`;
              } catch {
                // Not readable: it keeps its height.
              }
              resolve();
            };
            if (frame.contentDocument?.readyState === "complete" && frame.contentDocument.URL !== "about:blank") fit();
            else frame.addEventListener("load", fit, { once: true });
            setTimeout(resolve, 5000);
          }),
      ),
    );
  }

  /**
   * An output shown in a frame, made again: fetched, and put in place of the frame document's content, which
   * spares the browser a navigation and a new document for each output at each save. The frame runs no script
   * (its sandbox and the outputs' policy), so nothing put in it runs any. A frame not showing an output yet is
   * loaded again instead.
   */
  async function remake(frame) {
    const address = frame.getAttribute("src");
    const shown = frame.contentDocument;
    if (shown && shown.URL !== "about:blank" && shown.readyState === "complete") {
      try {
        const response = await fetch(address, { cache: "no-store", headers: { accept: "text/html" } });
        const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
        if (frame.contentDocument === shown) shown.replaceChild(shown.adoptNode(fresh.documentElement), shown.documentElement);
        return;
      } catch {
        // The server cannot be reached: the frame is loaded again, and says so.
      }
    }
    await new Promise((resolve) => {
      frame.addEventListener("load", resolve, { once: true });
      frame.setAttribute("src", address);
    });
  }

  /** The editor's fields whose value differs from the file's. */
  function changedFields(form) {
    return [...form.querySelectorAll("[data-criterion]")].filter((field) => field.value !== field.dataset.original);
  }

  function say(element, text, kind) {
    if (!element) return;
    element.className = `status${kind ? ` ${kind}` : ""}`;
    element.setAttribute("role", kind === "refused" ? "alert" : "status");
    element.replaceChildren();
    for (const line of [].concat(text)) {
      const paragraph = document.createElement("p");
      paragraph.textContent = line;
      element.append(paragraph);
    }
  }

  function adopt(node) {
    return node ? document.adoptNode(node) : null;
  }

  // Live updates: the page is fetched again and its parts replaced; the editor keeps what is being typed.
  let refreshing = null;
  let again = false;
  /** A save in flight: a refresh waits for it, so that the editor is told of its own save before the file's news. */
  let saving = null;

  async function refresh() {
    if (saving) await saving.catch(() => undefined);
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        again = false;
        await refreshOnce();
      } while (again);
    })();
    try {
      await refreshing;
    } finally {
      refreshing = null;
    }
  }

  /** A frame's address without the version it was made for: what it shows. */
  function shows(frame) {
    return `${frame.id} ${(frame.getAttribute("src") ?? "").replace(/[?&]v=[0-9a-f]*/, "")}`;
  }

  async function refreshOnce() {
    // The outputs a programme's page frames (table, comparison, history) are made again at once, while the page
    // itself is fetched: they come in side by side.
    const shown = document.getElementById("content");
    const frames = page === "programme" && shown && !shown.inert ? [...shown.querySelectorAll("iframe")] : [];
    const reloaded = frames.map(remake);
    let response;
    try {
      response = await fetch(location.href, { cache: "no-store", headers: { accept: "text/html" } });
    } catch {
      return;
    }
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    const version = next.body?.dataset.version ?? "";
    if (page !== "programme") {
      const live = document.getElementById("live");
      const fresh = next.getElementById("live");
      if (live && fresh) live.replaceWith(adopt(fresh));
      updated(version);
      return;
    }
    const overlay = document.getElementById("overlay");
    const content = document.getElementById("content");
    const nextTitle = next.getElementById("title");
    if (!nextTitle) {
      // No programme page came back: the file is gone (deleted, moved, a folder in its place). What the server
      // says goes over the page, whose title and last good content (unsaved text too) stay beneath, out of reach.
      if (overlay) overlay.replaceWith(goneOverlay(next));
      else document.getElementById("main").append(goneOverlay(next));
      if (content) content.inert = true;
      updated(version);
      return;
    }
    document.getElementById("title")?.replaceWith(adopt(nextTitle));
    const nextOverlay = next.getElementById("overlay");
    if (nextOverlay) {
      // The file is invalid: its problems over the page, the last good page (stale) kept beneath, out of reach
      // (its frames, loaded again already, say why their outputs cannot be made).
      if (overlay) overlay.replaceWith(adopt(nextOverlay));
      else document.getElementById("main").append(adopt(nextOverlay));
      if (content) content.inert = true;
      updated(version);
      return;
    }
    overlay?.remove();
    const fresh = next.getElementById("content");
    if (!fresh) return;
    const editor = document.getElementById("editor");
    const keepEditor = editor && changedFields(editor).length > 0;
    if (keepEditor && editor.dataset.version !== version) {
      // Unsaved text is never replaced. Unless the file on disk is the one this editor saved last, saving it
      // would be refused as a conflict: say so now.
      say(
        document.getElementById("edit-status"),
        "The file has changed on disk since you started editing: saving now would be refused. Your text is kept here; copy it, then reload the page to see the file as it is now.",
        "refused",
      );
    }
    // What the last save said stays said.
    for (const id of ["edit-status", "next-year-status"]) {
      const said = document.getElementById(id);
      const blank = fresh.querySelector(`#${id}`);
      if (said && blank) blank.replaceWith(said.cloneNode(true));
    }
    if (keepEditor) fresh.querySelector("#editor-section")?.setAttribute("data-kept", "");
    const sameFrames = content && !content.inert && frames.map(shows).join("\n") === [...fresh.querySelectorAll("iframe")].map(shows).join("\n");
    if (sameFrames) {
      // The same outputs, being loaded again already: only the parts around them change.
      for (const part of [...fresh.querySelectorAll("[data-part]")]) {
        if (part.hasAttribute("data-kept")) continue;
        document.getElementById(part.id)?.replaceWith(adopt(part));
      }
      wire(content);
      await Promise.race([Promise.all(reloaded), new Promise((resolve) => setTimeout(resolve, 5000))]);
      await fitFrames(content);
    } else {
      if (keepEditor) fresh.querySelector("#editor-section")?.replaceWith(document.getElementById("editor-section"));
      const adopted = adopt(fresh);
      if (content) content.replaceWith(adopted);
      else document.getElementById("main").append(adopted);
      wire(adopted);
      await fitFrames(adopted);
    }
    updated(version);
  }

  /** The overlay saying the page's file cannot be shown, with what the server's page said, as text. */
  function goneOverlay(next) {
    const section = document.createElement("section");
    section.id = "overlay";
    section.className = "overlay";
    section.setAttribute("aria-labelledby", "overlay-title");
    const box = document.createElement("div");
    const heading = document.createElement("h2");
    heading.id = "overlay-title";
    heading.textContent = `${file} cannot be shown`;
    const note = document.createElement("p");
    note.setAttribute("role", "alert");
    note.textContent = "This page shows the programme again as soon as the file is back in the folder. Unsaved text is kept beneath.";
    box.append(heading, note);
    for (const said of next.querySelectorAll("main p")) {
      if (said.querySelector("a")) continue;
      const line = document.createElement("p");
      line.textContent = said.textContent;
      box.append(line);
    }
    section.append(box);
    return section;
  }

  function updated(version) {
    body.dataset.version = version;
    document.dispatchEvent(new CustomEvent("workspace:updated", { detail: { version } }));
  }

  async function post(action, payload) {
    let response;
    try {
      response = await fetch(action, {
        method: "POST",
        headers: { "content-type": "application/json", "x-assess-token": token },
        body: JSON.stringify(payload),
      });
    } catch {
      return { ok: false, status: 0, result: { error: "the workspace server cannot be reached (was it stopped?); nothing was written" } };
    }
    const result = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
    return { ok: response.ok, status: response.status, result };
  }

  /** The lines of a refusal: its reason, then each problem validate gives, then what to do. */
  function refusal(result, status) {
    const lines = [result.error ?? "the change was refused"];
    for (const d of result.diagnostics ?? []) if (d.severity === "error") lines.push(`${d.where}: ${d.code}: ${d.message}`);
    if (status === 409 || status === 404) lines.push("Your text is kept here: copy it, then reload the page to see the file as it is now.");
    return lines;
  }

  const wired = new WeakSet();

  function wire(root) {
    const editor = root.querySelector("#editor");
    if (editor && !wired.has(editor)) {
      wired.add(editor);
      editor.addEventListener("submit", async (event) => {
        event.preventDefault();
        const status = document.getElementById("edit-status");
        const fields = changedFields(editor);
        if (fields.length === 0) return say(status, "Nothing to save: no score or commentary was changed.");
        const changes = fields.map((field) =>
          field.name === "score"
            ? { criterion: field.dataset.criterion, score: field.value.trim() === "" ? null : field.value.trim() }
            : { criterion: field.dataset.criterion, commentary: field.value },
        );
        say(status, "Saving…");
        saving = post("/api/edit", { file, version: editor.dataset.version, year: Number(editor.dataset.year), changes });
        const { ok, status: code, result } = await saving;
        saving = null;
        if (!ok) return say(status, refusal(result, code), "refused");
        for (const field of fields) field.dataset.original = field.value;
        editor.dataset.version = result.version;
        const warnings = (result.diagnostics ?? []).map((d) => `Warning: ${d.message}`);
        say(status, [`Saved to ${file}.`, ...warnings], "saved");
        // The live update that the save on disk sends shows the page as it now is; without it, fetch it now.
        if (body.dataset.live !== "open") await refresh();
      });
    }
    const nextYear = root.querySelector("#next-year");
    if (nextYear && !wired.has(nextYear)) {
      wired.add(nextYear);
      nextYear.addEventListener("submit", async (event) => {
        event.preventDefault();
        const status = document.getElementById("next-year-status");
        const year = nextYear.querySelector("input[name=year]").value.trim();
        say(status, `Adding ${year}…`);
        const { ok, status: code, result } = await post("/api/next-year", { file, version: body.dataset.version, year: year === "" ? null : year });
        if (!ok) return say(status, refusal(result, code), "refused");
        say(status, (result.notes ?? []).concat("Opening it in the editor…"), "saved");
        const address = new URL(location.href);
        address.searchParams.set("edit", year);
        location.assign(address.href);
      });
    }
  }

  wire(document);
  fitFrames(document);
  if (typeof EventSource === "function") {
    const events = new EventSource("/events");
    let lost = false;
    events.addEventListener("open", () => {
      body.dataset.live = "open";
      if (liveState) liveState.textContent = "Live: pages update when a file is saved.";
      // Back after the stream was lost: anything may have changed meanwhile.
      if (lost) refresh();
      lost = false;
    });
    events.addEventListener("error", () => {
      body.dataset.live = "lost";
      lost = true;
      if (liveState) liveState.textContent = "Not live: the workspace server cannot be reached.";
    });
    events.addEventListener("message", (event) => {
      let change;
      try {
        change = JSON.parse(event.data);
      } catch {
        return;
      }
      if (page === "programme" && !change.all && !change.files.includes(file)) return;
      refresh();
    });
  }
})();
