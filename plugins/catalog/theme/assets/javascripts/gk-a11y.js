/* 适老化 reading aids: larger text and high contrast, remembered in localStorage.
 * The choice is applied to <html> by an inline script in <head> before the first
 * paint; this file shows the toolbar and keeps its buttons in sync. Without
 * JavaScript the toolbar stays hidden and the page reads normally. */
(function () {
  "use strict";
  var root = document.documentElement;

  function store(key, value) {
    try {
      if (value) localStorage.setItem(key, value); else localStorage.removeItem(key);
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }

  function sync() {
    var font = root.dataset.gkFont || "";
    var contrast = root.dataset.gkContrast || "";
    document.querySelectorAll(".gk-a11y").forEach(function (bar) { bar.hidden = false; });
    document.querySelectorAll(".gk-a11y__btn[data-gk-font]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.gkFont === font));
    });
    document.querySelectorAll(".gk-a11y__btn[data-gk-contrast]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(contrast === button.dataset.gkContrast));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".gk-a11y__btn");
    if (!button) return;
    if (button.hasAttribute("data-gk-font")) {
      root.dataset.gkFont = button.dataset.gkFont;
      store("gk-font", button.dataset.gkFont);
    } else {
      var on = root.dataset.gkContrast === button.dataset.gkContrast ? "" : button.dataset.gkContrast;
      root.dataset.gkContrast = on;
      store("gk-contrast", on);
    }
    sync();
    scrollers();  /* a larger font can make a table overflow */
  });

  /* A table wider than the screen scrolls sideways in its wrapper: let keyboard
   * users focus the wrapper to scroll it (WCAG 2.1.1), and name it after the table. */
  function scrollers() {
    document.querySelectorAll(".gk-listing-wrap, .md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", (caption ? caption.textContent.trim() + "（" : "（") + "可横向滚动）");
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  /* 跳转 (pages/listings.py pager): a static site cannot answer ?page=N, so the form is shown only
   * here and goes to that page's address, made from the address of page 2 ("2/" or "2.html"); the page
   * numbered data-gk-front (the newest: a listing is numbered from its oldest end) is the listing's own address.
   * An older page's form does not say how many pages there are (so the page stays as it is when pages are added):
   * there the script asks whether page n has an address of its own and otherwise goes to the newest page. */
  function jumps() {
    document.querySelectorAll("form.gk-jump").forEach(function (form) { form.hidden = false; });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("gk-jump")) return;
    event.preventDefault();
    var input = form.querySelector("input[name=page]");
    var known = form.dataset.gkPages !== undefined;  /* an older page does not say how many there are */
    var pages = parseInt(form.dataset.gkPages, 10);
    var n = parseInt(input.value, 10);
    if (!(n >= 1 && (!known || n <= pages))) {
      input.setCustomValidity(known ? "请输入 1 到 " + pages + " 之间的页码" : "请输入 1 或更大的页码");
      input.reportValidity();
      input.setCustomValidity("");
      return;
    }
    var second = form.dataset.gkSecond;
    var first = new URL(form.dataset.gkFirst, window.location.href).href;
    var front = parseInt(form.dataset.gkFront || "1", 10);  /* the page at the listing's own address */
    var target = new URL(known && n === front ? form.dataset.gkFirst : second.replace(/2(\/|\.html)?$/, n + "$1"), window.location.href).href;
    if (known) {
      window.location.href = target;
      return;
    }
    /* the newest page (and any number past it) is the listing's own address: go there when page n is not a page of its own */
    fetch(target, { method: "HEAD" }).then(function (answer) {
      window.location.href = answer.ok ? target : first;
    }, function () { window.location.href = target; });
  });

  function page() {
    sync();
    scrollers();
    jumps();
  }

  var resizing;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(scrollers, 200);
  });
  page();
  /* Material's instant navigation swaps the banner and content in place: redo after each page. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(page);
  }
})();
