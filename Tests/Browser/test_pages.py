"""The Pas-de-Calais 2023 site as a person uses it: a real headless Chromium, driven by
selenium, against the real `civic serve` on an ephemeral port, from a database of its own
in the project's private PostgreSQL cluster."""
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = Path(__file__).resolve().parents[2]
CIVIC = os.environ.get("CIVIC_BINARY", str(ROOT / ".build/debug/civic"))
SCREENSHOTS = ROOT / ".build/browser-screenshots"


def civic(*arguments, env):
    result = subprocess.run([CIVIC, *arguments], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"civic {' '.join(arguments)} failed: {result.stderr}"
    return result.stdout.strip()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def database_env():
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    url = civic("db", "url", "civic_browser", env=env)
    env["DATABASE_URL"] = url
    civic("migrate", env=env)
    civic("tenant", "create", "pas-de-calais", "--if-missing", "--name", "Département du Pas-de-Calais",
          "--host", "pas-de-calais.localhost", env=env)
    civic("campaign", "apply", "config/tenants/pas-de-calais/campaign-2023.json", "--tenant", "pas-de-calais", env=env)
    return env


def serve(env, now):
    port = free_port()
    server = subprocess.Popen([CIVIC, "serve", "--port", str(port), "--default-tenant", "pas-de-calais"],
                              cwd=ROOT, env={**env, "CIVIC_NOW": now},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            pass
        if server.poll() is not None or time.time() > deadline:
            server.kill()
            raise RuntimeError("civic serve did not start")
        time.sleep(0.2)


@pytest.fixture(scope="session")
def site_on(database_env):
    """Starts one server per fixed clock on first use; all are stopped at the end."""
    servers = {}

    def base_url(now):
        if now not in servers:
            servers[now] = serve(database_env, now)
        return servers[now][1]

    yield base_url
    for server, _ in servers.values():
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def march_site(site_on):
    return site_on("2023-03-15T12:00:00+01:00")


@pytest.fixture(scope="session")
def september_site(site_on):
    return site_on("2023-09-15T12:00:00+02:00")


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1024", "--lang=fr-FR"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


def severe_console_messages(browser):
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_home_page_on_15_march_says_comptoirs_and_dossiers_are_open_and_vote_is_not(browser, march_site):
    browser.get(march_site + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Budget citoyen 2023"
    open_now = browser.find_element(By.ID, "ouvert").text
    assert "Dépôt des dossiers" in open_now
    assert "Comptoirs en présentiel" in open_now
    assert "Vote" not in open_now
    assert "Le vote n’est pas encore ouvert" in browser.find_element(By.ID, "ferme").text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "home-2023-03-15.png"))
    assert severe_console_messages(browser) == [], "the page broke its Content-Security-Policy or failed to load a resource"


def test_home_page_on_15_september_says_the_vote_is_open(browser, september_site):
    browser.get(september_site + "/")
    assert "Vote" in browser.find_element(By.ID, "ouvert").text


def test_skip_link_is_the_first_thing_the_keyboard_reaches_and_leads_to_the_content(browser, march_site):
    browser.get(march_site + "/")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Aller au contenu"
    assert focused.is_displayed(), "the skip link must become visible when focused"
    focused.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#contenu")


def test_a_visitor_follows_the_navigation_to_the_eight_comptoirs(browser, march_site):
    browser.get(march_site + "/")
    browser.find_element(By.CSS_SELECTOR, "nav a[href$='/comptoirs']").click()
    assert browser.current_url.endswith("/comptoirs")
    page = browser.find_element(By.TAG_NAME, "main").text
    for town in ("Le Portel", "Mont-Saint-Éloi", "Lillers", "Ruminghem", "Groffliers", "Saint-Pol-sur-Ternoise",
                 "Fléchin", "Lens"):
        assert town in page
    territories = [heading.text for heading in browser.find_elements(By.CSS_SELECTOR, "main h2")]
    assert len(territories) == 8
    browser.save_screenshot(str(SCREENSHOTS / "comptoirs.png"))
    assert severe_console_messages(browser) == []


def test_the_stylesheet_applies(browser, march_site):
    browser.get(march_site + "/ateliers")
    # The stylesheet is served from /assets and allowed by the CSP: the skip link is moved off-screen.
    skip = browser.find_element(By.CSS_SELECTOR, "a[href='#contenu']")
    assert not skip.is_displayed() or skip.location["y"] < 0 or skip.size["height"] <= 1
    assert "Le budget citoyen" in browser.find_element(By.TAG_NAME, "main").text
