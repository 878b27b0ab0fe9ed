"""Deadline day in Kota Malang (issue 14, point 7): 4,278 Ketua RT and 57 kelurahan operators in one hour.

Each Locust user is a stream of people, one after another: a Ketua RT signs in, opens the dashboard, writes
PROPOSALS_PER_CHAIR proposals through the web form (each answered by its detail page), lists them, signs out; an
operator signs in, opens the Musrenbang Kelurahan page and the proposal list, signs out. The accounts come from
bench/load/accounts.py (every RT and kelurahan of the city), taken in turn so no two sessions share one.
Pace: `wait_time` is a person's pause between pages; `bench/load/run.py` picks the number of users that gives the
deadline hour's arrival rate (or ten times it). Loopback only: run.py refuses any other host.
"""

from __future__ import annotations

import itertools
import os
import re
import uuid

from locust import HttpUser, between, task

PASSWORD = "rembug-beban-uji"
PROPOSALS_PER_CHAIR = int(os.environ.get("PROPOSALS_PER_CHAIR", "2"))
RT_CODES = [c for c in os.environ.get("LOAD_RT_CODES", "").split(",") if c]
KELURAHAN_CODES = [c for c in os.environ.get("LOAD_KELURAHAN_CODES", "").split(",") if c]
_rt_turn = itertools.cycle(RT_CODES or ["35.73.05.1011.03.001"])
_kel_turn = itertools.cycle(KELURAHAN_CODES or ["35.73.05.1011"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ITEM = re.compile(r'<option value="(\d+)"')


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def sign_in(self, username: str) -> bool:
        self.client.cookies.clear()
        page = self.client.get("/masuk/", name="sign in (form)")
        token = CSRF.search(page.text)
        with self.client.post(
            "/masuk/",
            data={"csrfmiddlewaretoken": token.group(1) if token else "", "username": username, "password": PASSWORD},
            name="sign in",
            catch_response=True,
        ) as answer:
            if "/masuk/" in answer.url:
                answer.failure(f"{username} was not signed in")
                return False
        return True

    def sign_out(self) -> None:
        token = self.client.cookies.get("csrftoken", "")
        self.client.post("/keluar/", data={"csrfmiddlewaretoken": token}, name="sign out")


class KetuaRT(Person):
    weight = 4278

    @task
    def session(self) -> None:
        code = next(_rt_turn)
        if not self.sign_in(f"rt.{code}"):
            return
        self.client.get("/", name="dashboard")
        self.wait()
        for n in range(PROPOSALS_PER_CHAIR):
            with self.client.get(f"/usulan/baru/{code}/", name="proposal form", catch_response=True) as form:
                token, item = CSRF.search(form.text), ITEM.search(form.text)
                if not (token and item):
                    form.failure("the proposal form has no token or no dictionary item")
                    continue
            self.wait()
            with self.client.post(
                f"/usulan/baru/{code}/",
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "client_token": str(uuid.uuid4()),
                    "title": f"Perbaikan saluran RT {code[-3:]} ke-{n + 1}",
                    "problem": "Saluran tersumbat, air meluap ke rumah warga saat hujan deras.",
                    "idea": "Rehabilitasi saluran sepanjang 40 m.",
                    "item": item.group(1),
                    "volume": "40",
                    "address": "Jl. Kenanga",
                    "beneficiaries": "120",
                },
                name="proposal save (→ detail)",
                catch_response=True,
            ) as saved:
                if "/usulan/baru/" in saved.url:
                    errors = " ".join(re.findall(r'class="errorlist[^>]*>(.*?)</', saved.text))
                    saved.failure("the form came back: " + errors[:200])
            self.wait()
        self.client.get("/usulan/", name="proposal list")
        self.wait()
        self.sign_out()


class OperatorKelurahan(Person):
    # 57 of 4,335 by weight would round to no operator at all with a few dozen users: a fixed number instead.
    fixed_count = int(os.environ.get("LOAD_OPERATORS", "1"))

    @task
    def session(self) -> None:
        code = next(_kel_turn)
        if not self.sign_in(f"kel.{code}"):
            return
        self.client.get("/", name="dashboard")
        self.wait()
        self.client.get(f"/rembug/forum/{code}/", name="musrenbang kelurahan page")
        self.wait()
        self.client.get("/usulan/", name="proposal list")
        self.wait()
        self.sign_out()
