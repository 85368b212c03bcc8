#!/usr/bin/python3
"""Drives `vigil serve` in a real browser (Debian's chromium and chromedriver, python3-selenium).

Usage: serve_browser.py URL [--screenshots DIR]

Loads the queue, filters it, opens a commit, triages a finding with the keyboard (j, c, a note,
Enter), reloads and checks the verdict persisted; checks that hostile commit text rendered as
text (no alert, no injected element); with --screenshots, writes queue.png and commit.png.
Prints one line per check and exits 1 on the first failure.
"""
import argparse
import os
import sys
import tempfile
from urllib.parse import parse_qsl, urlsplit

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        sys.exit(1)


def no_alert(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    base = args.url.rstrip("/")

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="vigil-chrome-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,1000", "--user-data-dir=" + profile, "--no-first-run"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    wait = WebDriverWait(driver, 20)
    try:
        # The queue, every triage state, so the hostile commits are listed.
        driver.get(base + "/?triage=all")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.queue tr.row")
        check(len(rows) >= 5, "the queue lists flagged commits (%d)" % len(rows))
        check(no_alert(driver), "no script from a commit subject ran on the queue")
        check(not driver.find_elements(By.CSS_SELECTOR, "main img, main script, main a[href^='javascript']"),
              "hostile subjects injected no element")
        check("<script>alert(1)</script>" in driver.find_element(By.TAG_NAME, "main").text,
              "the hostile subject shows as text")
        if args.screenshots:
            driver.save_screenshot(os.path.join(args.screenshots, "queue.png"))

        # Filtering by the form makes a shareable URL.
        select = driver.find_element(By.CSS_SELECTOR, "select[name=category]")
        select.find_element(By.CSS_SELECTOR, "option[value=guardrail]").click()
        driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        wait.until(EC.url_contains("category=guardrail"))
        filtered = driver.find_elements(By.CSS_SELECTOR, "table.queue tr.row")
        check(0 < len(filtered) < len(rows), "the category filter narrows the queue (%d of %d)" % (len(filtered), len(rows)))
        shared = driver.current_url

        # Keyboard: j moves the selection, Enter opens the commit.
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys("j")
        selected = driver.find_elements(By.CSS_SELECTOR, "table.queue tr.selected")
        check(len(selected) == 1 and (len(filtered) == 1 or selected[0] == filtered[1]), "j selects the next row")
        body.send_keys("k")
        body.send_keys(Keys.ENTER)
        wait.until(EC.url_contains("/commit/"))
        check("category=guardrail" in driver.current_url, "the commit page keeps the queue's filter")
        findings = driver.find_elements(By.CSS_SELECTOR, ".finding")
        check(len(findings) >= 1, "the commit page shows its findings (%d)" % len(findings))
        check(driver.find_elements(By.CSS_SELECTOR, "table.sbs tr.flagged"), "the flagged line is marked in the side-by-side hunk")

        # Triage with the keyboard: c, a note, Enter.
        fingerprint = findings[0].get_attribute("data-fingerprint")
        driver.find_element(By.TAG_NAME, "body").send_keys("c")
        note = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".finding.selected form.note input")))
        note.send_keys("safety check removed; reverted in the next release")
        note.send_keys(Keys.ENTER)
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".finding.selected .verdict"), "confirmed"))
        check(True, "c + note + Enter records a verdict")
        if args.screenshots:
            driver.save_screenshot(os.path.join(args.screenshots, "commit.png"))

        # After a reload the verdict is still there, in the history.
        driver.refresh()
        finding = driver.find_element(By.CSS_SELECTOR, ".finding[data-fingerprint='%s']" % fingerprint)
        history = finding.find_element(By.CSS_SELECTOR, "ol.history").text
        check("confirmed" in history and "reverted in the next release" in history, "the verdict persists after reload")

        # Another reviewer is warned before replacing it.
        reviewer = driver.find_element(By.ID, "reviewer")
        reviewer.clear()
        reviewer.send_keys("Second Reviewer")
        reviewer.send_keys(Keys.TAB)
        finding.click()
        driver.find_element(By.TAG_NAME, "body").send_keys("f")
        note = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".finding.selected form.note input")))
        note.send_keys("only a default")
        note.send_keys(Keys.ENTER)
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".finding.selected p.message"), "Record again"))
        check("confirmed" in finding.find_element(By.CSS_SELECTOR, ".verdict").text, "another reviewer's verdict is not silently replaced")
        note.send_keys(Keys.ENTER)
        wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".finding.selected .verdict"), "false-positive"))
        check(len(finding.find_elements(By.CSS_SELECTOR, "ol.history li")) == 2, "replacing it on purpose keeps both in the history")

        # u goes back to the shared, filtered queue.
        driver.find_element(By.TAG_NAME, "body").send_keys("u")
        wait.until(EC.url_contains("category=guardrail"))
        def filters(url):
            return sorted(parse_qsl(urlsplit(url).query))
        check(filters(driver.current_url) == filters(shared), "u returns to the filtered queue")

        # Every commit page renders hostile text as text.
        driver.get(base + "/?triage=all")
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table.queue a.open")]
        for link in links:
            driver.get(link)
            check(no_alert(driver) and not driver.find_elements(By.CSS_SELECTOR, "main img, main script, main iframe, main a[href^='javascript']"),
                  "no injected element on " + link.split("/commit/")[1][:20])
    except TimeoutException as error:
        check(False, "timed out waiting: %s" % (error.msg or "a page did not do what was expected"))
    finally:
        driver.quit()
    print("browser checks passed")


if __name__ == "__main__":
    main()
