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
  }
});
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
