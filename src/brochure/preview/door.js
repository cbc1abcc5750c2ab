// The door page: search as staff type (or when a scanner types a code and Enter), show the
// badge as it will print, print it. Every request carries the page's token.
"use strict";
const token = document.body.dataset.token;
const q = document.getElementById("q");
const list = document.getElementById("people");
const none = document.getElementById("none");
const problems = document.getElementById("problems");
const badge = document.getElementById("badge");
const printButton = document.getElementById("print");
const status = document.getElementById("status");
let chosen = null;
let asked = 0;
let timer = null;

function say(text, kind) {
  status.textContent = text;
  status.className = kind || "";
}

async function search(entered) {
  const text = q.value;
  const mine = ++asked;
  if (!text.trim()) {
    list.replaceChildren();
    none.hidden = true;
    return;
  }
  const answer = await fetch("/search?q=" + encodeURIComponent(text), {
    headers: { "X-Door-Token": token },
  });
  if (mine !== asked) return; // a later search is under way
  const found = await answer.json();
  problems.hidden = !found.problems.length;
  problems.textContent = found.problems.length
    ? "The event file has problems (the last good one is used): " + found.problems[0]
    : "";
  list.replaceChildren(
    ...found.people.map((person) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.id = person.id;
      button.setAttribute("aria-pressed", String(person.id === chosen));
      button.append(person.name);
      const more = document.createElement("small");
      more.textContent = [person.organisation, person.role].filter(Boolean).join(" · ");
      button.append(more);
      button.addEventListener("click", () => show(person));
      item.append(button);
      return item;
    })
  );
  none.hidden = found.people.length > 0;
  list.dataset.query = text; // what the list answers (a test waits for it)
  if (found.people.length === 1 && (entered || found.exact)) show(found.people[0]);
}

function show(person) {
  chosen = person.id;
  for (const button of list.querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.id === chosen));
  }
  printButton.disabled = true;
  say("Drawing the badge of " + person.name + "…");
  badge.alt = "The badge of " + person.name + ", as it will print";
  badge.dataset.id = person.id;
  badge.src =
    "/badge.png?id=" + encodeURIComponent(person.id) + "&t=" + encodeURIComponent(token);
}

badge.addEventListener("load", () => {
  badge.hidden = false;
  printButton.disabled = false;
  say("The badge as it will print. Print it, or look for someone else.");
  printButton.focus();
});
badge.addEventListener("error", () => {
  badge.hidden = true;
  say("The badge could not be drawn: see the terminal.", "bad");
});

printButton.addEventListener("click", async () => {
  if (!chosen) return;
  printButton.disabled = true;
  say("Printing…");
  const answer = await fetch("/print", {
    method: "POST",
    headers: { "X-Door-Token": token, "Content-Type": "application/json" },
    body: JSON.stringify({ id: chosen }),
  });
  const done = await answer.json();
  say(done.message, done.printed ? "ok" : "bad");
  printButton.disabled = false;
  if (done.printed) {
    q.value = "";
    q.focus();
  }
});

q.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => search(false), 120);
});
q.addEventListener("keydown", (event) => {
  if (event.key === "Enter") {
    event.preventDefault();
    clearTimeout(timer);
    search(true);
  }
});
