() => {
  // Opening the page on a unit: ?ref=18 or #18 shows the report tab scrolled to paragraph 18;
  // "Open in the report" links do the same without reloading the page.
  function openRef(ref) {
    if (!ref) return;
    const tab = [...document.querySelectorAll('button[role="tab"]')].find(
      (b) => b.id === "tab-report-button" || b.getAttribute("aria-controls") === "tab-report"
    );
    if (tab) tab.click();
    let tries = 0;
    const show = () => {
      // "18" in a library of several reports: the first report's paragraph 18 ("DOCID/18")
      const unit = document.getElementById(ref) ||
        (ref.includes("/") ? null : document.querySelector(`.report-unit[data-ref$="/${CSS.escape(ref)}"]`));
      if (unit && unit.offsetParent !== null) {
        document.querySelectorAll(".report-unit.target").forEach((u) => u.classList.remove("target"));
        unit.classList.add("target");
        unit.scrollIntoView({ block: "start" });
      } else if (tries++ < 50) {
        setTimeout(show, 100);
      }
    };
    show();
  }
  document.addEventListener("click", (event) => {
    // "Open in the report", and a briefing note's citations (Markdown links to ?ref=R8)
    const link = event.target.closest('a.goto, #brief-note a[href^="?ref="]');
    if (link) {
      event.preventDefault();
      const ref = link.dataset.ref || new URLSearchParams(link.getAttribute("href")).get("ref");
      openRef(ref);
      // the address now names the unit: a link to it that can be copied and shared
      const url = new URL(location.href);
      url.searchParams.set("ref", ref);
      url.hash = "";
      history.replaceState(null, "", url);
    }
  });
  window.addEventListener("hashchange", () => openRef(decodeURIComponent(location.hash.slice(1))));
  // Gradio titles its toasts by kind, in English ("Warning"); the page says it in its language.
  const TITLES = {
    fr: { warning: "Attention", error: "Erreur", info: "Information" },
    es: { warning: "Atención", error: "Error", info: "Información" },
    ar: { warning: "تنبيه", error: "خطأ", info: "معلومات" },
    ru: { warning: "Внимание", error: "Ошибка", info: "Информация" },
    zh: { warning: "注意", error: "错误", info: "信息" },
  };
  // An Arabic page reads right to left: Gradio's own labels, tabs and boxes turn with the
  // document; the report's words carry lang="fr" dir="ltr" and stay left to right. What is
  // typed in a box takes the direction of its first letter.
  const RTL = ["ar"];
  // (an empty box shows its placeholder in the page's direction)
  const typedDirection = (box) => {
    const wanted = box.value ? "auto" : document.documentElement.dir || "ltr";
    if (box.dir !== wanted) box.dir = wanted;
  };
  document.addEventListener("input", (event) => {
    if (event.target.matches?.("#question textarea, #brief-topic textarea")) typedDirection(event.target);
  });
  new MutationObserver(() => {
    const lang = document.querySelector('#lang input[type="radio"]:checked')?.value;
    if (lang && document.documentElement.lang !== lang) {
      document.documentElement.lang = lang;
      document.documentElement.dir = RTL.includes(lang) ? "rtl" : "ltr";
    }
    document.querySelectorAll("#question textarea, #brief-topic textarea").forEach(typedDirection);
    const words = TITLES[lang];
    if (!words) return;
    document.querySelectorAll(".toast-title").forEach((title) => {
      const kind = ["warning", "error", "info"].find((k) => title.classList.contains(k));
      const text = title.firstChild;
      if (kind && text && text.nodeType === Node.TEXT_NODE && text.textContent.trim() !== words[kind]) {
        text.textContent = `${words[kind]} `;
      }
    });
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["checked"] });
  const start = new URLSearchParams(location.search).get("ref") || decodeURIComponent(location.hash.slice(1));
  if (start) setTimeout(() => openRef(start), 300);
}
