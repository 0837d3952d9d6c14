"""The ``ipflow`` command line: a thin Typer adapter over the services.

Each command group lives in its own module, listed in :data:`COMMANDS` and imported
only when that command runs (``ipflow deadline compute`` must not pay for Prefect,
openpyxl or python-docx). ``ipflow --help`` lists the commands from the table's help
texts without importing them. Errors of the :mod:`ipflow.errors` hierarchy are
printed in Chinese with their location and end the process with a non-zero exit
code; nothing else is caught.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup

from ipflow.cli.chinese_click import install as install_chinese_messages
from ipflow.cli.common import console_err, exit_code_for
from ipflow.errors import IpflowError
from ipflow.private_files import make_private
from ipflow.store.uow import translated_store_errors

install_chinese_messages()


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """One top-level command: where it lives and its one-line help for the listing."""

    module: str
    attribute: str
    help: str
    is_group: bool = True


COMMANDS: dict[str, LazyCommand] = {
    "calendar": LazyCommand(
        "calendar", "app", "工作日历：查看已载入的节假日安排，载入国务院办公厅的年度节假日通知。"
    ),
    "deadline": LazyCommand(
        "deadline", "app", "法定时限：列出时限规则，计算截止日期（按国务院节假日安排计算工作日）。"
    ),
    "threshold": LazyCommand(
        "threshold",
        "app",
        "入罪标准：按行为日期判断是否达到知识产权犯罪立案追诉标准、是否应当移送公安机关。",
    ),
    "db": LazyCommand("db", "app", "数据库：升级表结构、备份与恢复（SQLite）。"),
    "audit": LazyCommand("audit", "app", "审计：查看案件的审计记录，校验审计链是否被篡改。"),
    "unit": LazyCommand(
        "bureau",
        "unit_app",
        "单位：本局科室、协调工作组成员单位、公安机关与检察机关联络单位。",
    ),
    "officer": LazyCommand(
        "bureau", "officer_app", "执法人员：登记与查看（角色、所属单位、联系方式）。"
    ),
    "init": LazyCommand(
        "bureau",
        "init",
        "初始化本局：创建数据目录、数据库（升级到最新表结构）和审计密钥。可重复执行。",
        is_group=False,
    ),
    "campaign": LazyCommand("campaign", "app", "专项行动：按行动方案文件创建、查看、启动与结束。"),
    "targets": LazyCommand(
        "targets", "app", "检查对象名录：从 CSV（UTF-8 或 GBK）或 XLSX 导入，查看。"
    ),
    "inspection": LazyCommand("inspection", "app", "检查记录：逐户登记、按轮次文件导入、查看。"),
    "clue": LazyCommand(
        "clue", "app", "线索：登记投诉举报、其他部门移送、上级交办的线索，查看线索与核查期限。"
    ),
    "rectification": LazyCommand(
        "rectification",
        "app",
        "责令整改：查看整改通知、登记复查结果、确认整改完成或将未整改到位的转为线索。",
    ),
    "case": LazyCommand("case", "app", "案件：立案、调查、期限、处罚决定、送达、执行与结案。"),
    "evidence": LazyCommand(
        "evidence", "app", "证据材料：附加到案件（及移送材料）、列出、校验是否被改动。"
    ),
    "referral": LazyCommand(
        "referral",
        "app",
        "涉嫌犯罪案件移送（两法衔接）：呈报、审批、移送公安、受理、复议、立案监督与移交。",
    ),
    "outbox": LazyCommand("outbox", "app", "通知发件箱：发送待发通知，查看、重试死信。"),
    "notify": LazyCommand(
        "notify", "app", "通知渠道：发送测试通知、检查渠道配置、生成每日待办摘要。"
    ),
    "scheduler": LazyCommand(
        "scheduler",
        "app",
        "调度：查看各项定时运行（行动轮次、期限巡检、案件推进、移送、通知发送），启动调度服务。",
    ),
    "report": LazyCommand(
        "report",
        "app",
        "报告：专项行动工作总结（Word/Excel/Markdown/图表）、两法衔接台账、期限督办清单。",
    ),
    "document": LazyCommand(
        "document",
        "document",
        "按案件记录填写文书模板，文号依案件编号或处罚决定书文号编排。",
        is_group=False,
    ),
    "demo": LazyCommand(
        "demo",
        "demo",
        "运行演示县：按种子生成一个与示例报告规模相当的县，用真实的服务和流程跑到截止日期，并汇总结果。",
        is_group=False,
    ),
}


def load_command(name: str) -> Any:
    """The click command for one table entry, importing its module now."""
    entry = COMMANDS[name]
    module = importlib.import_module(f"ipflow.cli.{entry.module}")
    target = getattr(module, entry.attribute)
    if entry.is_group:
        return typer.main.get_group(target)
    single = typer.Typer(add_completion=False)
    single.command(name)(target)
    return typer.main.get_command(single)


class IpflowGroup(TyperGroup):
    """Loads subcommands on first use; reports an :class:`IpflowError` in Chinese."""

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        if self._listing:  # the help listing needs only the name and the one-line help
            entry = COMMANDS[cmd_name]
            return typer.core.TyperCommand(cmd_name, help=entry.help, short_help=entry.help)
        command = load_command(cmd_name)
        self.add_command(command, cmd_name)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: Any) -> Any:  # typer vendors click: its Context type is private
        make_private()  # every file and folder a command creates is the account's alone
        try:
            with translated_store_errors():  # a race lost inside a command: one line, retry
                return super().invoke(ctx)
        except IpflowError as exc:
            console_err.print(f"[bold red]错误[/]：{exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(exit_code_for(exc)) from None


app = typer.Typer(
    cls=IpflowGroup,
    name="ipflow",
    help="ipflow：知识产权专项执法行动工作流（检查 → 线索 → 案件 → 处罚决定或移送公安）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """ipflow：知识产权专项执法行动工作流（检查 → 线索 → 案件 → 处罚决定或移送公安）。"""


def main() -> None:
    app()
