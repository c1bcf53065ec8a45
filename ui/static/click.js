// Clicks inside an HTML block of the page: a citation opens it in the side panel, "copy" copies.
element.addEventListener("click", (event) => {
  const copy = event.target.closest("button.copy");
  if (copy) {
    const text = copy.dataset.copy;
    const done = () => { copy.textContent = copy.dataset.done; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => fallback(text, done));
    } else {
      fallback(text, done);
    }
    return;
  }
  const cite = event.target.closest("a.cite");
  if (cite) {
    event.preventDefault();
    trigger("click", { ref: cite.dataset.ref });
    bringContext(cite.dataset.ref);
  }
});
// On a phone the side panel sits below the question box and the examples, screens away from the
// citation tapped: once it shows that unit, scroll it into view. Side by side (a desktop), the
// panel is already in sight and the page does not move.
function bringContext(ref) {
  let tries = 0;
  const look = () => {
    const panel = document.querySelector("#context");
    const chat = document.querySelector("#conversation");
    const shown = panel && panel.querySelector(`.context[data-ref="${CSS.escape(ref)}"]`);
    if (!shown) {
      if (tries++ < 100) setTimeout(look, 100);
      return;
    }
    const stacked = chat && panel.getBoundingClientRect().top >= chat.getBoundingClientRect().bottom - 1;
    if (stacked) panel.scrollIntoView({ block: "start", behavior: "smooth" });
  };
  look();
}
function fallback(text, done) {
  const area = document.createElement("textarea");
  area.value = text;
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
  done();
}
// A new answer scrolls into view from its question, not from the bottom of its passages.
watch("value", () => setTimeout(() => {
  const turns = element.querySelectorAll(".turn");
  const last = turns[turns.length - 1];
  if (!last) return;
  let box = last.parentElement;
  while (box && box !== document.body && box.scrollHeight <= box.clientHeight) box = box.parentElement;
  if (box && box !== document.body) {
    box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top;
  }
}, 50));
