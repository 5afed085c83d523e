// The live-blog composer: Ctrl+Enter posts (or saves an edit) without leaving
// the page; pin, withdraw, restore and publish act in place; every two seconds
// the page asks what other editors did. The forms work the same without it.
(function () {
  "use strict";
  var root = document.querySelector("[data-composer]");
  if (!root) return;
  var list = root.querySelector("[data-list]");
  var status = root.querySelector("[data-status]");
  var compose = root.querySelector("[data-compose]");
  var since = root.dataset.since;
  var POLL_MS = 2000;

  function say(text) { status.textContent = text; }

  // Only the fields of the chosen kind of entry are shown.
  function showKind() {
    var chosen = compose.querySelector("input[name=kind]:checked");
    var kind = chosen ? chosen.value : "text";
    compose.querySelectorAll("fieldset[data-kind]").forEach(function (set) {
      set.hidden = set.dataset.kind !== kind;
    });
  }
  compose.addEventListener("change", function (event) {
    if (event.target.name === "kind") showKind();
  });
  showKind();

  function send(form) {
    if (form.dataset.busy) return Promise.resolve();
    form.dataset.busy = "1";
    return fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (answer) {
        return { status: response.status, answer: answer };
      });
    }).finally(function () { delete form.dataset.busy; });
  }

  // A row from the server, put in place: replaced if shown, else inserted
  // in order (newest first). A row being edited here is left alone.
  function place(html, id, force) {
    var old = document.getElementById("c-entry-" + id);
    if (old && !force && old.querySelector("details[open]")) return old;
    var holder = document.createElement("ol");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    var none = list.querySelector("[data-none]");
    if (none) none.remove();
    if (old) { old.replaceWith(row); return row; }
    var after = Array.prototype.find.call(list.children, function (item) {
      return Number(item.dataset.id) < Number(id);
    });
    list.insertBefore(row, after || null);
    return row;
  }

  function clearErrors(form) {
    form.querySelectorAll(".composer-error").forEach(function (p) { p.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
    });
  }

  function showErrors(form, errors) {
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      var p = document.createElement("p");
      p.className = "error-message composer-error";
      p.id = "composer-error-" + name;
      p.textContent = errors[name].join(" ");
      if (field) {
        var fieldset = field.closest("fieldset[data-kind]");
        if (fieldset) fieldset.hidden = false;
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", p.id);
        field.insertAdjacentElement("afterend", p);
        first = first || field;
      } else {
        form.prepend(p);
      }
    });
    if (first) first.focus();
  }

  function post() {
    clearErrors(compose);
    say("");
    send(compose).then(function (result) {
      if (!result) return;
      var answer = result.answer;
      if (!answer.ok) {
        say(Object.values(answer.errors || {}).flat().join(" "));
        showErrors(compose, answer.errors || {});
        return;
      }
      place(answer.html, answer.id, true);
      var kind = compose.querySelector("input[name=kind]:checked").value;
      ["headline", "text", "photo", "caption", "alt", "credit", "quote", "attribution",
        "url", "description"].forEach(function (name) {
        var field = compose.querySelector("[name=" + name + "]");
        if (field) field.value = "";
      });
      if (kind !== "text") {
        compose.querySelector("input[name=kind][value=text]").checked = true;
        showKind();
      }
      say(answer.message);
      compose.querySelector("[name=text]").focus();
    }).catch(function () { compose.submit(); });
  }

  function act(form) {
    var editing = form.hasAttribute("data-edit");
    var typed = editing && {
      headline: form.elements.headline.value,
      text: form.elements.text.value,
    };
    send(form).then(function (result) {
      if (!result) return;
      var answer = result.answer;
      say(answer.message);
      if (!answer.html) return;
      var row = place(answer.html, answer.id, true);
      if (result.status === 409 && typed) {
        // Their version is shown; the words typed here are kept, ready to
        // save again on the version now shown.
        var edit = row.querySelector("details");
        var again = row.querySelector("form[data-edit]");
        if (edit && again) {
          edit.open = true;
          again.elements.headline.value = typed.headline;
          again.elements.text.value = typed.text;
          again.elements.text.focus();
        }
      } else if (result.status === 200) {
        var button = row.querySelector("summary") || row;
        if (button.focus) button.focus();
      }
    }).catch(function () { form.submit(); });
  }

  compose.addEventListener("submit", function (event) { event.preventDefault(); post(); });
  list.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute("data-act")) return;
    event.preventDefault();
    act(event.target);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var form = event.target.closest && event.target.closest("form");
    if (form === compose) { event.preventDefault(); post(); }
    else if (form && form.hasAttribute("data-edit")) { event.preventDefault(); act(form); }
  });

  function poll() {
    fetch(root.dataset.changes + "?since=" + encodeURIComponent(since), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer) return;
      since = String(answer.cursor);
      answer.entries.forEach(function (entry) {
        var shown = document.getElementById("c-entry-" + entry.id);
        if (!shown || shown.dataset.version !== String(entry.version)) {
          place(entry.html, entry.id, false);
        }
      });
    }).catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, POLL_MS); });
  }
  window.setTimeout(poll, POLL_MS);
})();
