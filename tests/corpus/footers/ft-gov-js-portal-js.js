document.writeln("<style type=\'text/css\'>");
document.writeln("/*底部开始*/");
document.writeln(".footer_box{width: 100%;border-top: 10px solid #355e92;background: #dee0e2;}");
document.writeln(".footer_box_top{}");
document.writeln(".footer_box_bottom{height: 119px;border-top: 1px solid #bfc1c3;}");
document.writeln(".friendlink_box{width: 1200px;margin: 0 auto;padding: 20px 0;}");
document.writeln(".friendlink_box>li{margin-left: 20px;line-height: 30px;font-size: 13px;}");
document.writeln(".friendlink_box>li:first-child{margin-left:0px;}");
document.writeln(".footer_top01{width: 150px;height: 30px;}");
document.writeln(".footer_top01 a{display:block;color: #bb2335;background:#f7f7f7 url(/picture/90/1708171600114207676.png) no-repeat 12px center;padding-left: 50px;}");
document.writeln(".footer_top02{width: 150px;height: 30px;}");
document.writeln(".footer_top02 a{display:block;color: #bb2335;text-align: center;background:#f7f7f7;}");
document.writeln(".footer_top03{width: 150px;height: 30px;}");
document.writeln(".footer_top03 a{display:block;color: #005ea5;text-align: center;background:#f7f7f7;}");
document.writeln(".footer_top04{width: 150px;height: 30px;}");
document.writeln(".footer_top04 a{display:block;color: #005ea5;text-align: center;background:#f7f7f7;}");
document.writeln(".friendlink{width:157px;position: relative;background:#F7F7F7 url(/picture/90/1708171600113832735.png) no-repeat;background-position:132px 9px;text-align: center;}");
document.writeln(".friendlink04{width: 166px;background-position: 145px 9px;}");
document.writeln(".friendlink01_div01,.friendlink02_div01,.friendlink03_div01,.friendlink04_div01{width: 100%;height: 5px;}");
document.writeln(".friendlink01_div02{width: 1200px;background: #F7F7F7;position: relative;left: -680px;}");
document.writeln(".friendlink02_div02{width: 1200px;background: #F7F7F7;position: relative;left: -857px;}");
document.writeln(".friendlink03_div02{width: 1200px;background: #F7F7F7;position: relative;left: -1194px;}");
document.writeln(".friendlink04_div02{width: 1200px;background: #F7F7F7;position: relative;left: -1034px;}");
document.writeln(".friendlink>div a{display: block;margin: 5px 20px;float: left;line-height: 28px;float: left;font-size:13px;}");
document.writeln(".friendlink01_div02 a{width: 195px;text-align: left;}");
document.writeln(".friendlink02_div02 a{text-align: left;}");
document.writeln(".friendlink03_div02 a{width: 120px;text-align: left;}");
document.writeln(".friendlink04_div02 a{width: 110px;text-align: left;}");
document.writeln(".footer_bottom{width: 1200px;margin: 0 auto;padding: 20px 0 0 120px;}");
document.writeln(".dzjg{width: 80px;}");
document.writeln(".dzjg img{}");
document.writeln(".footer_font{width: 570px;font-size: 13px;line-height: 26px;color: #333333;margin-left: 20px;margin-top: 6px;text-align:left;position:relative;}");
document.writeln(".jc{width: 110px;margin-left: 30px;margin-top: 15px;}");
document.writeln(".jc img{width: 110px;height: 52px;}");
document.writeln("</style>");
document.writeln("<!--footer begin-->");
document.writeln("<div class=\'footer_box\'>");
document.writeln("  <div class=\'footer_box_top\'>");
document.writeln("    <ul id=\'friendlink_box\' class=\'cf friendlink_box\'>");
document.writeln("      <li class=\'fl footer_top02\'><a href=\'http://www.gov.cn/\' target=\'_blank\'>中国政府网</a></li>");
document.writeln("      <li class=\'fl footer_top02\'><a href=\'http://www.zgjssw.gov.cn/\' target=\'_blank\'>中共江苏省委</a></li>");
document.writeln("      <li class=\'fl footer_top03\'><a href=\'http://www.jsrd.gov.cn/\' target=\'_blank\'>江苏省人大常委会</a></li>");
document.writeln("      <li class=\'fl footer_top04\'><a href=\'http://www.jszx.gov.cn/\' target=\'_blank\'>政协江苏省委员会</a></li>");
document.writeln("      <li class=\'friendlink friendlink01 fl\'>省政府部门网站");
document.writeln("        <div class=\'friendlink01_div01 hide\'></div>");
document.writeln("        <div class=\'cf friendlink01_div02 hide\'> <a href=\'http://fzggw.jiangsu.gov.cn/\' target=\'_blank\'>江苏省发展和改革委员会</a> <a href=\'http://jyt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省教育厅</a><a href=\'http://kxjst.jiangsu.gov.cn/\' target=\'_blank\'>江苏省科学技术厅</a><a href=\'http://gxt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省工业和信息化厅</a>   <a href=\'http://mzw.jiangsu.gov.cn/\' target=\'_blank\'>江苏省民族宗教事务委员会</a><a href=\'http://gat.jiangsu.gov.cn/\' target=\'_blank\'>江苏省公安厅</a> <a href=\'http://mzt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省民政厅</a> <a href=\'http://sft.jiangsu.gov.cn/\' target=\'_blank\'>江苏省司法厅</a> <a href=\'http://czt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省财政厅</a> <a href=\'http://jshrss.jiangsu.gov.cn/\' target=\'_blank\'>江苏省人力资源和社会保障厅</a> <a href=\'http://zrzy.jiangsu.gov.cn/\' target=\'_blank\'>江苏省自然资源厅</a><a href=\'http://sthjt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省生态环境厅</a> <a href=\'http://jsszfhcxjst.jiangsu.gov.cn/\' target=\'_blank\'>江苏省住房和城乡建设厅</a><a href=\'http://jtyst.jiangsu.gov.cn/\' target=\'_blank\'>江苏省交通运输厅</a><a href=\'http://jswater.jiangsu.gov.cn/\' target=\'_blank\'>江苏省水利厅</a> <a href=\'http://nynct.jiangsu.gov.cn/\' target=\'_blank\'>江苏省农业农村厅</a> <a href=\'http://doc.jiangsu.gov.cn/\' target=\'_blank\'>江苏省商务厅</a><a href=\'http://wlt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省文化和旅游厅</a><a href=\'http://wjw.jiangsu.gov.cn/\' target=\'_blank\'>江苏省卫生健康委员会</a><a href=\'http://tyjrswt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省退役军人事务厅</a><a href=\'http://yjglt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省应急管理厅</a> <a href=\'http://jssjt.jiangsu.gov.cn/\' target=\'_blank\'>江苏省审计厅</a> <a href=\'http://wb.jiangsu.gov.cn/\' target=\'_blank\'>江苏省人民政府外事办公室</a> <a href=\'http://jsgzw.jiangsu.gov.cn/\' target=\'_blank\'>江苏省国资委</a> <a href=\'http://jszwb.jiangsu.gov.cn/\' target=\'_blank\'>江苏省数据局</a> <a href=\'http://scjgj.jiangsu.gov.cn/\' target=\'_blank\'>江苏省市场监督管理局</a> <a href=\'http://jsgd.jiangsu.gov.cn/\' target=\'_blank\'>江苏省广播电视局</a><a href=\'http://jsstyj.jiangsu.gov.cn/\' target=\'_blank\'>江苏省体育局</a> <a href=\'http://tj.jiangsu.gov.cn/\' target=\'_blank\'>江苏省统计局</a><a href=\'http://ybj.jiangsu.gov.cn/\' target=\'_blank\'>江苏省医疗保障局</a><a href=\'http://jssxfj.jiangsu.gov.cn/\' target=\'_blank\'>江苏省信访局</a><a href=\'http://mf.jiangsu.gov.cn/\' target=\'_blank\'>江苏省国防动员办公室</a><a href=\'http://glj.jiangsu.gov.cn/\' target=\'_blank\'>江苏省机关事务管理局</a><a href=\'http://jsip.jiangsu.gov.cn/\' target=\'_blank\'>江苏省知识产权局</a></div>");
document.writeln("      </li>");
document.writeln("      <li class=\'friendlink friendlink02 fl\'>设区市网站");
document.writeln("        <div class=\'friendlink02_div01 hide\'></div>");
document.writeln("        <div class=\'cf friendlink02_div02 hide\'> <a href=\'http://www.nanjing.gov.cn/\' target=\'_blank\'>南京</a> <a href=\'http://www.wuxi.gov.cn/\' target=\'_blank\'>无锡</a> <a href=\'http://www.xz.gov.cn/\' target=\'_blank\'>徐州</a> <a href=\'http://www.changzhou.gov.cn/\' target=\'_blank\'>常州</a> <a href=\'http://www.suzhou.gov.cn/\' target=\'_blank\'>苏州</a> <a href=\'http://www.nantong.gov.cn/\' target=\'_blank\'>南通</a> <a href=\'http://www.lyg.gov.cn/\' target=\'_blank\'>连云港</a> <a href=\'http://www.huaian.gov.cn/\' target=\'_blank\'>淮安</a> <a href=\'http://www.yancheng.gov.cn/\' target=\'_blank\'>盐城</a> <a href=\'http://www.yangzhou.gov.cn/\' target=\'_blank\'>扬州</a> <a href=\'http://www.zhenjiang.gov.cn/\' target=\'_blank\'>镇江</a> <a href=\'http://www.taizhou.gov.cn/\' target=\'_blank\'>泰州</a> <a href=\'http://www.suqian.gov.cn/\' target=\'_blank\'>宿迁</a> </div>");
document.writeln("      </li>");
document.writeln("      <li class=\'friendlink friendlink04 fl\'>各省（区市）政府");
document.writeln("        <div class=\'friendlink04_div01 hide\'></div>");
document.writeln("        <div class=\'cf hide friendlink04_div02 hide\'> <a href=\'http://www.beijing.gov.cn\' target=\'_blank\'>北京</a> <a href=\'http://www.tj.gov.cn/\' target=\'_blank\'>天津</a> <a href=\'http://www.hebei.gov.cn/\' target=\'_blank\'>河北</a> <a href=\'http://www.shanxi.gov.cn/\' target=\'_blank\'>山西</a> <a href=\'http://www.nmg.gov.cn/\' target=\'_blank\'>内蒙古</a> <a href=\'http://www.ln.gov.cn\' target=\'_blank\'>辽宁</a> <a href=\'http://www.jl.gov.cn\' target=\'_blank\'>吉林</a> <a href=\'http://www.hlj.gov.cn\' target=\'_blank\'>黑龙江</a> <a href=\'http://www.shanghai.gov.cn\' target=\'_blank\'>上海</a> <a href=\'http://www.jiangsu.gov.cn\' target=\'_blank\'>江苏</a> <a href=\'http://www.zj.gov.cn\' target=\'_blank\'>浙江</a> <a href=\'http://www.ah.gov.cn/\' target=\'_blank\'>安徽</a> <a href=\'http://www.fujian.gov.cn\' target=\'_blank\'>福建</a> <a href=\'http://www.jiangxi.gov.cn\' target=\'_blank\'>江西</a> <a href=\'http://www.shandong.gov.cn/\' target=\'_blank\'>山东</a> <a href=\'http://www.henan.gov.cn/\' target=\'_blank\'>河南</a> <a href=\'http://www.hubei.gov.cn/\' target=\'_blank\'>湖北</a> <a href=\'http://www.hunan.gov.cn/\' target=\'_blank\'>湖南</a> <a href=\'http://www.gd.gov.cn/\' target=\'_blank\'>广东</a> <a href=\'http://www.gxzf.gov.cn/\' target=\'_blank\'>广西</a> <a href=\'http://www.hainan.gov.cn/\' target=\'_blank\'>海南</a> <a href=\'http://www.cq.gov.cn/\' target=\'_blank\'>重庆</a> <a href=\'http://www.sc.gov.cn\' target=\'_blank\'>四川</a> <a href=\'http://www.guizhou.gov.cn/\' target=\'_blank\'>贵州</a> <a href=\'http://www.yn.gov.cn\' target=\'_blank\'>云南</a> <a href=\'http://www.xizang.gov.cn/\' target=\'_blank\'>西藏</a> <a href=\'http://www.shaanxi.gov.cn/\' target=\'_blank\'>陕西</a> <a href=\'http://www.gansu.gov.cn/\' target=\'_blank\'>甘肃</a> <a href=\'http://www.qinghai.gov.cn/\' target=\'_blank\'>青海</a> <a href=\'http://www.nx.gov.cn/\' target=\'_blank\'>宁夏</a> <a href=\'http://www.xinjiang.gov.cn/\' target=\'_blank\'>新疆</a> <a href=\'http://www.gov.hk/\' target=\'_blank\'>香港</a> <a href=\'http://www.gov.mo/\' target=\'_blank\'>澳门</a> <a  target=\'_blank\'>台湾</a> <a target=\'_blank\' href=\'http://www.xjbt.gov.cn/\'>新疆生产建设兵团</a></div>");
document.writeln("      </li>");
document.writeln("    </ul>");
document.writeln("  </div>");
document.writeln("  <div class=\'footer_box_bottom\'>");
document.writeln("    <div class=\'cf footer_bottom\'>");
document.writeln("      <div class=\'fl dzjg\'><a href=\'http://bszs.conac.cn/sitename?method=show&id=0AC8833E8BF70EE9E053012819AC7074\' target=\'_blank\'><img src=\'/picture/90/1708171600114079170.png\'/></a></div>");
document.writeln("<p class=\'fl footer_font\'><a href=\'http://www.jiangsu.gov.cn/col/col57114/index.html\' target=\'_blank\'>联系我们</a><span style=\'margin:0 15px;display:inline-block;background:#333;width:1px;height:11px;\'></span><a href=\'http://www.jiangsu.gov.cn/col/col57754/index.html\' target=\'_blank\'>网站地图</a><br/><ins style=\'padding-right:20px;\'>版权所有：江苏省人民政府</ins>备案序号：<a href=\'https://beian.miit.gov.cn/\' target=\'_blank\'>苏ICP备05009012号</a><ins style=\'padding-left:20px;\'>政府网站标识码：3200000084</ins><br/>江苏省人民政府办公厅主办<a style=\'display:block;height:20px;width:230px;position:absolute;right:165px;top:52px;\' href=\'http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=32010602010331\' target=\'_blank\'><img style=\'display:block;float:left;width:20px;height:20px;margin-top:2px;\' src=\'/picture/90/1711211459474094128.png\'/><ins style=\'display:block;float:left;width:200px;height:26px;margin-left:5px;\'>苏公网安备:32010602010331号</ins></a></p>");
document.writeln("      <div class=\'fl jc\'><span id='_span_jiucuo'>");
document.writeln("<script id=\'_jiucuo_\' sitecode=\'3200000084\' src=\'https://zfwzgl.www.gov.cn/exposure/jiucuo.js\'></script>");
document.writeln("</span></div>");
document.writeln("      <div class=\'fl jc\'><img src=\'/picture/0/2201200911025522303.png\' alt=\'适老化无障碍服务认证标识\'></div>");
document.writeln("    </div>");
document.writeln("  </div>");
document.writeln("</div>");
document.writeln("<!--footer over--> ");

document.writeln("<style>");
document.writeln(".filter{display:none;z-index:1000;position: fixed;pointer-events: auto;background-color: #000000;opacity:0.7;top: 0;left: 0;width: 100%;height: 100%;}");
document.writeln(".aTips {position: fixed;z-index: 9999;width: 480px;height: 130px;top: 50%;margin-top: -85px;left: 50%;margin-left: -240px;background-color: #fff;}");
document.writeln(".aTips .text{position: relative;line-height: 24px;word-break: break-all;overflow: hidden;font-size: 14px;overflow-x: hidden;overflow-y:auto;text-align: center;margin-top: 25px;}");
document.writeln(".layui-layer-btn {text-align: right;padding: 0 160px 12px 130px;pointer-events: auto;-webkit-user-select: none;margin-top: 25px;display: block;}");
document.writeln(".layui-layer-btn div {height: 28px;line-height: 28px;margin: 6px 6px 0;padding: 0 15px;font-size: 16px;border: 1px solid #dedede;background-color: #f1f1f1;color:#333;border-radius: 2px;font-weight: 400;cursor: pointer;text-decoration: none;display: inline-block;float: right;}");
document.writeln(".layui-layer-btn .layui-layer-btn0 {font-size: 16px;float:left;color: #333;background-color: #f1f1f1;}");
document.writeln(".layui-layer-btn .layui-layer-btn1:hover{background-color: #335e92;color: #fff;}");
document.writeln(".layui-layer-btn .layui-layer-btn0:hover{background-color: #335e92;color: #fff;}</style>");
document.writeln("<div class='filter'></div>");
document.writeln("    <div class='aTips' style='display:none;'>");
document.writeln("        <div class='text'>您访问的链接即将离开“江苏省人民政府门户网站”，是否继续？</div>");
document.writeln("        <div class='layui-layer-btn'>");
document.writeln("            <div class='layui-layer-btn1'>放弃</div>");
document.writeln("            <div date-url='' class='layui-layer-btn0'>继续访问</div>");
document.writeln("        </div>");
document.writeln("    </div>");



$(function(){
$("body a").click(function(){
	var url = $(this).attr("href"); 
     
    if(!url||url == 0){
        
    }else{
        if((url.indexOf("jiangsu.gov.cn")>-1 || $.trim(url).substr(0,2).indexOf("./")>-1|| $.trim(url).substr(0,1).indexOf("/")>-1 || $.trim(url).indexOf("gov.cn")>-1|| $.trim(url).substr(0,1).indexOf("#")>-1 || $.trim(url).indexOf("javascript:")>-1 || $.trim(url).indexOf("xxgb")==0)){
            return true;
        }else{
            checkUrl(url);
            return false;
            
        }
    }
        

});
	$(".layui-layer-btn0").click(function(){
		var url = $(".layui-layer-btn0").attr("data-url");
		// window.location.href = url;
	    window.open(url,"_blank");
	    $(".filter").hide();
		$(".aTips").hide();
	});
	
	$(".layui-layer-btn1").click(function(){
		$(".filter").hide();
		$(".aTips").hide();
	});
	
})


function checkUrl(url){
    $("body").css("transform", "");
	$(".filter").show();
	$(".aTips").show();
	$(".layui-layer-btn0").attr("data-url",url);
}



//友情链接
$(function(){
    $('.friendlink').click(
        function(){
			$('.friendlink').not(this).children('div').stop(true,true).hide();
            $(this).children('div').stop(true,true).slideDown(300);
			 
			 $('body').bind("click",function(){
			 	var e = e || window.event;  //事件对象，兼容IE
			 	var target = e.target || e.srcElement; //源对象，兼容火狐和IE
			 	    while(target){
			 	      if (target.id && target.id == "friendlink_box"){  //循环判断至根节点，防止点击的是#selected和它的子元素
			 	       return;
			 	      }
			 	      target = target.parentNode;
			 	    }
			 	 $('.friendlink').children('div').stop(true,true).hide();
			 })
			
            var offsetTop = $.browser.msie ? ($('.footer_box_bottom').offset().top + document.documentElement.scrollTop) : $('.footer_box_bottom').offset().top;
            $("html,body").stop(true,true).animate({scrollTop:offsetTop-100},300);
            }
    )
	

	
    $('.friendlink').click(
        function(){
			$('.friendlink').css({'color':'#333333','background':'#f7f7f7 url(/picture/90/1708171600113832735.png) no-repeat 145px 9px'});
            $(this).css({'color':'#005ea5','background':'#f7f7f7 url(/picture/90/1708171600113954642.png) no-repeat 145px 9px'});
        }
    )
})
//检索下拉
$(function(){
    var bodyH = $("body").height();
    $(".over_content_box").height(bodyH - 680);
    $(".over_content_box").mouseover(function(){
        $(".down_search").stop(true,true).fadeOut(500);
        $(".over_content_box").css({"display":"none"});
    })
    $(".top_box").mouseover(function(){
        $(".down_search").stop(true,true).fadeOut(500);
        $(".over_content_box").css({"display":"none"});
    })
    $(".sub_nav_form").mouseover(function(){
        $(".down_search").stop(true,true).fadeIn(500);
        $(".over_content_box").css({"background":"#000000","filter":"alpha(opacity=70)","opacity":".7","z-index":"100","display":"block"});
    })
    $(".sub_nav").mouseover(function(){
        $(".down_search").stop(true,true).fadeOut(500);
        $(".over_content_box").css({"display":"none"});
    })
    $(".up_arrow").click(function(){
        $(".down_search").stop(true,true).fadeOut(500);
        $(".over_content_box").attr("style","display:none");
    })
})
//检索下拉
$(function(){
    if(window.location.href.indexOf("/col/col33687/index.html")>0){
        var bodyH = $("body").height();
        $(".over_content_box").height(1221);
        $(".over_content_box").mouseover(function(){
            $(".down_search").stop(true,true).fadeOut(500);
            $(".over_content_box").css({"display":"none"});
        })
        $(".top_box").mouseover(function(){
            $(".down_search").stop(true,true).fadeOut(500);
            $(".over_content_box").css({"display":"none"});
        })
        $(".sub_nav_form").mouseover(function(){
            $(".down_search").stop(true,true).fadeIn(500);
            $(".over_content_box").css({"background":"#000000","filter":"alpha(opacity=70)","opacity":".7","z-index":"100","display":"block"});
        })
        $(".sub_nav").mouseover(function(){
            $(".down_search").stop(true,true).fadeOut(500);
            $(".over_content_box").css({"display":"none"});
        })
        $(".up_arrow").click(function(){
            $(".down_search").stop(true,true).fadeOut(500);
            $(".over_content_box").attr("style","display:none");
        })
    }
})