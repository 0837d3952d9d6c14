"""The common part of ipflow's group-robot plugins (DingTalk, WeCom, Feishu/Lark).

Why ipflow has its own (PREFECT_NOTES.md, Apprise section): these robots answer HTTP 200
with ``errcode ≠ 0`` when they refuse a message (bad signature, keyword missing, IP not
on the allow list, too many messages), which Apprise 2.0 counts as delivered; their
hosts are fixed in Apprise's plugins (a government-cloud deployment or a test receiver
needs its own); and at DEBUG level Apprise logs the robot's token. Here:

* the host (and port, path) come from the channel URL, ``…s://`` for HTTPS::

      dingrobots://oapi.dingtalk.com/robot/send?access_token=${TOKEN}&secret=${SECRET}

* the answer's error code is read; a non-zero one is a failure with its message,
  logged as ``errcode=N errmsg=…`` (retried by the dispatcher: most such refusals are
  robot settings an administrator can fix while ipflow retries);
* nothing this module logs contains the token, the secret or the request URL.

Apprise's own throttle is off (``request_rate_per_sec = 0``): the dispatcher keeps each
channel's per-minute limit (:attr:`RobotPlugin.default_rate_limit`) across messages.
"""

from __future__ import annotations

import json
from abc import ABCMeta, abstractmethod
from typing import Any, ClassVar

import requests
from apprise import NotifyFormat, NotifyType
from apprise.plugins.base import NotifyBase

from ipflow.notify.port import IDEMPOTENCY_HEADER

MAX_ERRMSG_CHARS = 200


class RobotPlugin(NotifyBase, metaclass=ABCMeta):
    """A JSON webhook robot whose answer carries an error code."""

    # Apprise declares these class attributes with narrower types than its plugins use.
    notify_format = NotifyFormat.TEXT
    request_rate_per_sec = 0
    title_maxlen = 0  # the title is the first line of the text
    body_maxlen = 4000  # the smallest of the three robots' limits (WeCom: 2048 bytes … )
    default_path: ClassVar[str] = "/"
    default_rate_limit: ClassVar[int] = 20  # messages per minute (DingTalk, WeCom)
    token_parameter: ClassVar[str] = "access_token"
    vendor: ClassVar[str] = "robot"
    template_kwargs = {"headers": {"name": "Header", "prefix": "+"}}  # noqa: RUF012

    def __init__(
        self,
        token: str | None = None,
        secret: str | None = None,
        robot_path: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not token:
            raise TypeError(f"{self.vendor} robot: the {self.token_parameter} is missing")
        if not self.host:
            raise TypeError(f"{self.vendor} robot: the host is missing")
        self.token = token
        self.secret = secret or None
        self.robot_path = robot_path if robot_path and robot_path != "/" else self.default_path
        self.headers = dict(headers or {})

    # -- what each robot defines ------------------------------------------------------
    @abstractmethod
    def request(self, text: str) -> tuple[str, dict[str, str], dict[str, Any]]:
        """(path, query parameters, JSON payload) of one text message."""

    @staticmethod
    def answer_error(answer: dict[str, Any]) -> tuple[int, str] | None:
        """(code, message) when the answer reports a refusal; None when accepted."""
        code = answer.get("errcode", 0)
        if code in (0, "0", None):
            return None
        return int(code), str(answer.get("errmsg", ""))

    # -- sending ----------------------------------------------------------------------
    def base_url(self) -> str:
        scheme = "https" if self.secure else "http"
        port = f":{self.port}" if self.port else ""
        return f"{scheme}://{self.host}{port}"

    def send(
        self, body: str, title: str = "", notify_type: NotifyType = NotifyType.INFO, **kwargs: Any
    ) -> bool:
        text = f"{title}\n{body}" if title else body
        path, params, payload = self.request(text)
        headers = {"User-Agent": self.app_id, "Content-Type": "application/json; charset=utf-8"}
        headers.update(self.headers)  # X-Ipflow-Idempotency-Key, set per message
        try:
            answer = requests.post(
                self.base_url() + path,
                params=params,  # encoded once, here: a signature must not be pre-encoded
                data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                headers=headers,
                verify=self.verify_certificate,
                timeout=self.request_timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            # The exception text names the URL (and so the token): log its class only.
            self.logger.warning(
                "%s robot unreachable: connection error (%s)", self.vendor, type(exc).__name__
            )
            return False
        if answer.status_code != requests.codes.ok:
            self.logger.warning(
                "%s robot refused the message: error=%d.", self.vendor, answer.status_code
            )
            return False
        try:
            parsed = answer.json()
        except ValueError:
            self.logger.warning("%s robot answered 200 without JSON: not accepted", self.vendor)
            return False
        refusal = self.answer_error(parsed if isinstance(parsed, dict) else {})
        if refusal is not None:
            code, message = refusal
            self.logger.warning(
                "%s robot refused the message: errcode=%s errmsg=%s",
                self.vendor,
                code,
                message[:MAX_ERRMSG_CHARS],
            )
            return False
        self.logger.info("%s robot accepted the message", self.vendor)
        return True

    # -- URL round trip ---------------------------------------------------------------
    def url(self, privacy: bool = False, *args: Any, **kwargs: Any) -> str:
        def shown(value: str) -> str:
            return "****" if privacy else value

        params: dict[str, str] = {self.token_parameter: shown(self.token)}
        if self.secret:
            params["secret"] = shown(self.secret)
        params.update(self.url_parameters(privacy=privacy, *args, **kwargs))  # noqa: B026
        # Custom header values are masked too (Apprise's own plugins do not mask them).
        params.update({f"+{k}": shown(v) for k, v in self.headers.items()})
        port = f":{self.port}" if self.port else ""
        schema = self.secure_protocol if self.secure else self.protocol
        return (
            f"{schema}://{self.host}{port}"
            f"{self.quote(self.robot_path, safe='/')}?{self.urlencode(params)}"
        )

    @classmethod
    def parse_url(cls, url: str) -> dict[str, Any] | None:  # type: ignore[override]
        results = NotifyBase.parse_url(url, verify_host=True)
        if not results:
            return results
        query = results["qsd"]
        results["token"] = NotifyBase.unquote(query.get(cls.token_parameter, "")) or None
        results["secret"] = NotifyBase.unquote(query.get("secret", "")) or None
        results["robot_path"] = results.get("fullpath") or None
        results["headers"] = {
            NotifyBase.unquote(k): NotifyBase.unquote(v)
            for k, v in results["qsd+"].items()
            if k != IDEMPOTENCY_HEADER
        }
        return results
