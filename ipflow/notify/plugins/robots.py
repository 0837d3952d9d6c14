"""DingTalk, WeCom and Feishu/Lark group robots (see :mod:`robot_base` for why ipflow's own).

    dingrobots://oapi.dingtalk.com/robot/send?access_token=${TOKEN}&secret=${SECRET}
    wecomrobots://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}
    feishurobots://open.feishu.cn/open-apis/bot/v2/hook?token=${HOOK_ID}&secret=${SECRET}
    feishurobots://open.larksuite.com/open-apis/bot/v2/hook?token=${HOOK_ID}   (Lark)

Drop the final ``s`` of the schema for plain HTTP (a test receiver on 127.0.0.1). The
path may be left out: each robot's documented path is the default.

Signatures follow each vendor's documented algorithm:

* DingTalk (加签): ``sign = Base64(HmacSHA256(key=secret, msg=f"{timestamp}\\n{secret}"))``
  with the timestamp in milliseconds, sent as query parameters ``timestamp`` and ``sign``,
  URL-encoded **once** (Apprise 2.0 encodes it twice, which the robot rejects).
* Feishu/Lark (签名校验): ``sign = Base64(HmacSHA256(key=f"{timestamp}\\n{secret}", msg=b""))``
  with the timestamp in seconds, sent in the JSON body beside ``msg_type``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

from ipflow.notify.plugins.robot_base import RobotPlugin

DINGTALK_SCHEMAS = ("dingrobot", "dingrobots")
WECOM_SCHEMAS = ("wecomrobot", "wecomrobots")
FEISHU_SCHEMAS = ("feishurobot", "feishurobots")
ROBOT_SCHEMAS = frozenset({*DINGTALK_SCHEMAS, *WECOM_SCHEMAS, *FEISHU_SCHEMAS})


def fit_bytes(text: str, limit: int, tail: str = "……（全文见 ipflow）") -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes (whole characters), marked as cut."""
    if len(text.encode("utf-8")) <= limit:
        return text
    room = limit - len(tail.encode("utf-8"))
    return text.encode("utf-8")[:room].decode("utf-8", errors="ignore") + tail


def _hmac_base64(key: str, message: str) -> str:
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def dingtalk_signature(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签 value, not yet URL-encoded (the HTTP client encodes it once)."""
    return _hmac_base64(secret, f"{timestamp_ms}\n{secret}")


def feishu_signature(secret: str, timestamp_s: int) -> str:
    """Feishu/Lark's signature: the HMAC key is ``timestamp\\nsecret``, the message empty."""
    return _hmac_base64(f"{timestamp_s}\n{secret}", "")


class DingTalkRobot(RobotPlugin):
    service_name = "DingTalk robot (ipflow)"  # type: ignore[assignment]
    protocol = DINGTALK_SCHEMAS[0]  # type: ignore[assignment]
    secure_protocol = DINGTALK_SCHEMAS[1]  # type: ignore[assignment]
    templates = ("{schema}://{host}/{path}", "{schema}://{host}:{port}/{path}")  # type: ignore[assignment]
    default_path = "/robot/send"
    default_rate_limit = 20  # "每个机器人每分钟最多发送20条消息"
    token_parameter = "access_token"
    vendor = "DingTalk"

    def request(self, text: str) -> tuple[str, dict[str, str], dict[str, Any]]:
        params = {"access_token": self.token}
        if self.secret:
            timestamp = int(time.time() * 1000)
            params["timestamp"] = str(timestamp)
            params["sign"] = dingtalk_signature(self.secret, timestamp)
        return self.robot_path, params, {"msgtype": "text", "text": {"content": text}}


class WeComRobot(RobotPlugin):
    service_name = "WeCom robot (ipflow)"  # type: ignore[assignment]
    protocol = WECOM_SCHEMAS[0]  # type: ignore[assignment]
    secure_protocol = WECOM_SCHEMAS[1]  # type: ignore[assignment]
    templates = ("{schema}://{host}/{path}", "{schema}://{host}:{port}/{path}")  # type: ignore[assignment]
    default_path = "/cgi-bin/webhook/send"
    default_rate_limit = 20  # "每个机器人发送的消息不能超过20条/分钟"
    token_parameter = "key"
    vendor = "WeCom"
    max_bytes = 2048  # "文本内容，最长不超过2048个字节，必须是utf8编码"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.secret:
            raise TypeError("WeCom robots take no secret: remove secret= from the URL")

    def request(self, text: str) -> tuple[str, dict[str, str], dict[str, Any]]:
        content = fit_bytes(text, self.max_bytes)
        return (
            self.robot_path,
            {"key": self.token},
            {"msgtype": "text", "text": {"content": content}},
        )


class FeishuRobot(RobotPlugin):
    service_name = "Feishu/Lark robot (ipflow)"  # type: ignore[assignment]
    protocol = FEISHU_SCHEMAS[0]  # type: ignore[assignment]
    secure_protocol = FEISHU_SCHEMAS[1]  # type: ignore[assignment]
    templates = ("{schema}://{host}/{path}", "{schema}://{host}:{port}/{path}")  # type: ignore[assignment]
    default_path = "/open-apis/bot/v2/hook"
    default_rate_limit = 100  # "100 次/分钟，5 次/秒"
    token_parameter = "token"
    vendor = "Feishu"

    def request(self, text: str) -> tuple[str, dict[str, str], dict[str, Any]]:
        payload: dict[str, Any] = {"msg_type": "text", "content": {"text": text}}
        if self.secret:
            timestamp = int(time.time())
            payload["timestamp"] = str(timestamp)
            payload["sign"] = feishu_signature(self.secret, timestamp)
        return f"{self.robot_path.rstrip('/')}/{self.token}", {}, payload

    @staticmethod
    def answer_error(answer: dict[str, Any]) -> tuple[int, str] | None:
        # Current API: {"code": 0, "msg": "success"}; older hooks: {"StatusCode": 0, …}.
        code = answer.get("code", answer.get("StatusCode", 0))
        if code in (0, "0", None):
            return None
        return int(code), str(answer.get("msg", answer.get("StatusMessage", "")))


ROBOT_PLUGINS: tuple[type[RobotPlugin], ...] = (DingTalkRobot, WeComRobot, FeishuRobot)


def default_rate_limit(scheme: str) -> int | None:
    """The documented per-minute limit of the robot behind ``scheme`` (None: not a robot)."""
    for plugin in ROBOT_PLUGINS:
        if scheme in (plugin.protocol, plugin.secure_protocol):
            return plugin.default_rate_limit
    return None
